using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Tests.Explain;

/// <summary>
/// <c>certauth cert explain</c> against the running federation server's store (issue 15): the development users'
/// certificates — alice signs in, carol revoked (with the CRL number), dave expired, eve wrong EKU, mallory from an
/// untrusted CA — each explained with the right verdict and exit code, and each explained code is the one the real
/// sign-in over TLS returns.
/// </summary>
public sealed class CertificateExplainCommandTests(ExplainFixture server) : IClassFixture<ExplainFixture>
{
    [Fact]
    public async Task Alice_WouldSignIn_Exit0_AndTheRealSignInSucceeds()
    {
        await EnsureUserAsync("alice@contoso.com", "alice@contoso.com");
        var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com", email: "alice@contoso.com");
        var file = Write("alice.cer", alice.RawData);

        var result = await server.RunCliAsync("cert", "explain", file, "--rp", ExplainFixture.RelyingParty);
        var signIn = await server.SignInAsync(alice, ExplainFixture.RelyingParty);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(signIn.Succeeded, signIn.ErrorCode);
        Assert.Contains("result: would sign in as alice@contoso.com", result.Output, StringComparison.Ordinal);
        Assert.Contains("PASS  user", result.Output, StringComparison.Ordinal);
        Assert.Contains($"= {alice.SerialNumber}", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Carol_Revoked_Exit1_WithTheCrlNumber_AsTheSignInSays()
    {
        await EnsureUserAsync("carol@contoso.com", null);
        var carol = server.IssueUserCertificate("carol", upn: "carol@contoso.com");
        await server.RevokeAsync(carol);
        var serverCrl = ServerCrlStatusOfIssuingCa();

        var result = await server.RunCliAsync("cert", "explain", carol.ExportCertificatePem(), "--json");
        var signIn = await server.SignInAsync(carol, ExplainFixture.RelyingParty);

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var outcome = json.RootElement.GetProperty("outcome");
        Assert.Equal("CAF1005", outcome.GetProperty("errorCode").GetString());
        Assert.Equal(signIn.ErrorCode, outcome.GetProperty("errorCode").GetString());
        var check = json.RootElement.GetProperty("revocation").EnumerateArray().Single(r => r.GetProperty("certificateRole").GetString() == "client");
        Assert.Equal("Revoked", check.GetProperty("status").GetString());
        Assert.Equal(serverCrl.CrlNumber!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), check.GetProperty("crlNumber").GetString());
        Assert.Equal(serverCrl.Entries, check.GetProperty("entries").GetInt32());
    }

    [Theory]
    [InlineData("dave", "CAF1003", "validity")]
    [InlineData("eve", "CAF1006", "eku")]
    [InlineData("mallory", "CAF1002", "chain")]
    public async Task RefusedUsers_Exit1_WithTheFailingStep_AndTheSignInsCode(string who, string code, string failingStep)
    {
        var upn = who + "@contoso.com";
        await EnsureUserAsync(upn, null);
        var now = server.Clock.GetUtcNow();
        using var certificate = who switch
        {
            "dave" => server.Pki.IssueUser(server.Pki.UserOptions(who, upn) with { NotBefore = now.AddDays(-60), NotAfter = now.AddDays(-1) }),
            "eve" => server.Pki.IssueUser(server.Pki.UserOptions(who, upn) with { ExtendedKeyUsages = [UserCertificateOptions.ServerAuthenticationEku] }),
            _ => server.IssueUntrustedCertificate(who, upn),
        };

        var result = await server.RunCliAsync("cert", "explain", Write(who + ".pem", System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem())));
        var signIn = await server.SignInAsync(certificate, ExplainFixture.RelyingParty);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(code, signIn.ErrorCode);
        Assert.Contains($"result: refused {code} (HTTP 403", result.Output, StringComparison.Ordinal);
        Assert.Contains($"FAIL  {failingStep}", result.Output, StringComparison.Ordinal);
        Assert.Contains($"PASS  user", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mallory_NamesTheUntrustedIssuer()
    {
        using var mallory = server.IssueUntrustedCertificate("mallory", "mallory@contoso.com");

        var result = await server.RunCliAsync("cert", "explain", mallory.ExportCertificatePem());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"issuer           {mallory.Issuer}  NOT TRUSTED", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_IsExit2_AndSaysWhy()
    {
        var garbage = await server.RunCliAsync("cert", "explain", Write("garbage.cer", [1, 2, 3]));
        var missing = await server.RunCliAsync("cert", "explain", "no-such-file.cer");
        using var generatedKey = System.Security.Cryptography.RSA.Create(2048); // made now, never committed
        var withKey = await server.RunCliAsync("cert", "explain", generatedKey.ExportPkcs8PrivateKeyPem());
        using var alice = server.IssueUserCertificate("alice2", upn: "alice@contoso.com");
        var unknownRp = await server.RunCliAsync("cert", "explain", alice.ExportCertificatePem(), "--rp", "urn:nobody");
        var noArgument = await server.RunCliAsync("cert", "explain");

        Assert.Equal((2, 2, 2, 2, 2), (garbage.ExitCode, missing.ExitCode, withKey.ExitCode, unknownRp.ExitCode, noArgument.ExitCode));
        Assert.Contains("not a readable X.509 certificate", garbage.Error, StringComparison.Ordinal);
        Assert.Contains("not found", missing.Error, StringComparison.Ordinal);
        Assert.Contains("private key", withKey.Error, StringComparison.Ordinal);
        Assert.Contains("no relying party 'urn:nobody'", unknownRp.Error, StringComparison.Ordinal);
        Assert.Empty(garbage.Output);
    }

    [Fact]
    public async Task Explaining_DoesNotWriteTheServersCrlState()
    {
        using var alice = server.IssueUserCertificate("alice3", upn: "alice@contoso.com");
        var repository = server.Services.GetRequiredService<ICrlStateRepository>();
        var before = (await repository.ListAsync()).Select(s => (s.Key, s.LastCrlNumber, s.LastFetch, s.LastError)).OrderBy(s => s.Key).ToList();

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await server.RunCliAsync("cert", "explain", alice.ExportCertificatePem());

        var after = (await repository.ListAsync()).Select(s => (s.Key, s.LastCrlNumber, s.LastFetch, s.LastError)).OrderBy(s => s.Key).ToList();
        Assert.Equal(before, after);
    }

    private CrlStatus ServerCrlStatusOfIssuingCa()
    {
        var authorities = server.Services.GetRequiredService<CertAuth.Federation.Certificates.Authorities.ITrustedAuthoritySource>()
            .GetAuthoritiesAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var issuing = authorities.Single(a => a.Certificate.Subject == server.Pki.IssuingCa.Subject);
        return server.Services.GetRequiredService<ICrlCache>().GetStatus(issuing.Id)!;
    }

    private async Task EnsureUserAsync(string upn, string? email)
    {
        if (await server.Services.GetRequiredService<IUserStore>().FindByUpnAsync(upn) is null)
        {
            await server.AddUserAsync(upn, email);
        }
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(server.CliDirectory, Guid.NewGuid().ToString("N") + "-" + name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
