using System.Diagnostics;
using CertAuth.Federation.Farm.Tests.Fixture;

namespace CertAuth.Federation.Farm.Tests;

/// <summary>
/// One source of node settings (README "Farm"): <c>scripts/farm.sh</c> and the fixture both read
/// <c>scripts/farm-node.env</c>. The fixture's node environment for its placeholders must be exactly what the script
/// yields for the same placeholders (<c>scripts/farm.sh node-env name=value …</c>, the function <c>up</c> exports
/// from), key for key and value for value, so neither can define a setting of its own again. No farm is started.
/// </summary>
public sealed class NodeSettingsTests
{
    [Fact]
    public async Task TheFixturesNodeEnvironment_IsExactlyWhatTheScriptYieldsFromTheSharedFile_ForTheSamePlaceholders()
    {
        // Values as the fixture makes them, with characters a shell or a replacement could mangle ('&', ';', '=', ' ').
        var ports = new FarmPorts(41001, 41002, 41003, 41004, 41005, 41006, 41007);
        var farmWide = FarmFixture.FarmPlaceholders(ports, "Host=127.0.0.1;Port=41999;Username=postgres;Password=a&b=c", "http://127.0.0.1:41998/crl/", "/tmp/certauth farm & co");
        foreach (var (port, migrate) in new[] { (ports.FederationA, true), (ports.TokenServiceB, false) })
        {
            var placeholders = FarmFixture.NodePlaceholders(farmWide, port, migrate);
            var fixture = FarmFixture.NodeEnvironment(placeholders);
            var script = await ScriptNodeEnvAsync(placeholders.Select(p => $"{p.Key}={p.Value}").ToArray());

            Assert.Equal(script.OrderBy(e => e.Key, StringComparer.Ordinal), fixture.OrderBy(e => e.Key, StringComparer.Ordinal));
            Assert.Equal($"https://127.0.0.1:{port}", fixture["Kestrel__Endpoints__Https__Url"]);
            Assert.Equal(migrate ? "true" : "false", fixture["Storage__MigrateAtStartup"]);
            Assert.Equal("Host=127.0.0.1;Port=41999;Username=postgres;Password=a&b=c", fixture["Storage__ConnectionString"]);
            Assert.Equal("/tmp/certauth farm & co/certs-dev/localhost-tls.pfx", fixture["Kestrel__Endpoints__Https__Certificate__Path"]);
            Assert.Equal("00:00:01", fixture["Themes__ActiveCacheLifetime"]);
        }
    }

    [Fact]
    public async Task EveryPlaceholderIsFilledByBoth_AndTheScriptsOwnNodesGetEveryKeyOfTheFile()
    {
        var file = FarmNodeSettings.FilePath(FarmFixture.RepositoryRoot());
        var farmWide = FarmFixture.FarmPlaceholders(new FarmPorts(1, 2, 3, 4, 5, 6, 7), "Host=x", "http://x/crl/", "/tmp/x");
        Assert.Equal(FarmNodeSettings.Placeholders(file).Order(StringComparer.Ordinal), FarmFixture.NodePlaceholders(farmWide, 8, false).Keys.Order(StringComparer.Ordinal));

        // A placeholder without a value is refused by both readers, and a value the file has no place for by the fixture's.
        var missing = FarmFixture.NodePlaceholders(farmWide, 8, false);
        missing.Remove("crl_base");
        Assert.Throws<ArgumentException>(() => FarmFixture.NodeEnvironment(missing));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ScriptNodeEnvAsync(missing.Select(p => $"{p.Key}={p.Value}").ToArray()));
        Assert.Throws<ArgumentException>(() => FarmFixture.NodeEnvironment(new Dictionary<string, string>(FarmFixture.NodePlaceholders(farmWide, 8, false)) { ["rate_limits"] = "true" }));

        var keys = FarmNodeSettings.Read(file).Select(l => l.Key).Order(StringComparer.Ordinal).ToList();
        foreach (var node in new[] { "fed-a", "fed-b", "ts-a", "ts-b" })
        {
            var settings = await ScriptNodeEnvAsync(node);
            Assert.Equal(keys, settings.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(node is "fed-a" or "ts-a" ? "true" : "false", settings["Storage__MigrateAtStartup"]);
            Assert.Equal(node is "fed-a" ? "true" : "false", settings["DevPki__Enabled"]);
        }
    }

    /// <summary><c>bash scripts/farm.sh node-env …</c>: its KEY=VALUE lines; throws when the script fails.</summary>
    private static async Task<Dictionary<string, string>> ScriptNodeEnvAsync(params string[] arguments)
    {
        var root = FarmFixture.RepositoryRoot();
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        info.ArgumentList.Add(Path.Combine(root, "scripts", "farm.sh"));
        info.ArgumentList.Add("node-env");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/farm.sh node-env: exit {process.ExitCode}: {await stderr}");
        }

        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal);
    }
}
