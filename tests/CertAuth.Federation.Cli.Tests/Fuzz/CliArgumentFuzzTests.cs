using System.Net;
using CertAuth.Federation.Cli.Tests.Infrastructure;
using CsCheck;

namespace CertAuth.Federation.Cli.Tests.Fuzz;

/// <summary>
/// Random command lines through the real parser and handlers (temp folder, temp SQLite, no network: metadata downloads
/// answer 404 in-process): every run ends with exit code 0, 1 or 2 and never prints a stack trace or an unhandled
/// exception. Tokens mix the real verbs and options with random words, so most runs get past the first parser level.
/// <c>dev-certs</c> is left out (it generates RSA keys, seconds per run); its usage errors have their own tests.
/// </summary>
public sealed class CliArgumentFuzzTests : IDisposable
{
    private static readonly string[] Words =
    [
        "user", "rp", "ca", "client", "federation", "theme", "audit", "add", "list", "set", "remove", "disable", "enable",
        "revoke-sessions", "crl-status", "crl-refresh", "new", "export", "set-active", "--help", "-h", "--json", "--take",
        "--config", "--acs", "--metadata", "--signing-cert", "--require-signed-requests", "--name-id-format", "--token-lifetime",
        "--theme", "--no-theme", "--cert", "--type", "--crl", "--no-crl", "--delta-crl", "--issuer", "--issuer-ski", "--email",
        "--display-name", "--immutable-id", "--redirect-uri", "--grant", "--public", "--from", "--crl-grace", "root",
        "intermediate", "email", "persistent", "alice@contoso.com", "https://sp.test/", "https://sp.test/acs", "http://x/a.crl",
        "https://meta.test/md.xml", "x.cer", "default", "0", "-1", "99999999999999999999", "", " ", "--", "-", "=", "%s",
        "\u0000", "é", "🙂", "CN=x, O=y", "ABCDEF0123", "10m", "00:10:00",
    ];

    private readonly CliTestHost _host = new() { MetadataHttpHandler = new StubHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound)) };

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task RandomCommandLines_EndWithADefinedExitCode_AndNoStackTrace()
    {
        var word = Gen.Frequency((4, Gen.Int[0, Words.Length - 1].Select(i => Words[i])), (1, Gen.String[Gen.Char["abcXYZ019-_.@:/=%"], 0, 24]));
        var verb = Gen.Int[0, 6].Select(i => Words[i]);
        var subVerb = Gen.Int[7, 22].Select(i => Words[i]);
        var commandLine = Gen.Frequency(
            (3, Gen.Select(verb, subVerb, word.Array[0, 6]).Select(t => (string[])[t.Item1, t.Item2, .. t.Item3])),
            (1, word.Array[0, 7]));
        var handled = 0;

        // Create the database once before the timed cases (schema creation is not what a case measures).
        Assert.Equal(0, (await _host.RunAsync("user", "list")).ExitCode);
        FuzzBudget.Run(commandLine, 2000, argv =>
        {
            var result = _host.RunAsync(argv).GetAwaiter().GetResult();
            Assert.Contains(result.ExitCode, new[] { 0, 1, 2 });
            handled += result.ExitCode == 2 ? 0 : 1;
            foreach (var text in new[] { result.Output, result.Error })
            {
                Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
                Assert.DoesNotContain("Unhandled", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("Exception:", text, StringComparison.Ordinal);
            }
        }, argv => string.Join(" | ", argv));

        // Not only the parser: a good share of the runs reached a handler (or help) and got 0 or 1.
        Assert.True(handled > 100, $"Only {handled} runs got past the parser.");
    }
}
