using System.Globalization;
using System.Text.Json;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Tests.Explain;

/// <summary>
/// <c>certauth token explain</c> against the running token service's store (issue 15): a refresh token obtained through
/// the real code flow over TLS is explained, then really redeemed; the explanation says what the redemption answers —
/// success, the certificate revoked on the token service's CA list (with the CRL number), sessions revoked.
/// </summary>
public sealed class TokenExplainCommandTests(ExplainFixture server) : IClassFixture<ExplainFixture>
{
    [Fact]
    public async Task LiveToken_WouldRefresh_Exit0_AndTheRealRefreshSucceeds()
    {
        var (certificate, tokens) = await SignInAsync("tina");

        var byUser = await server.RunCliAsync("token", "explain", "tina@contoso.com");
        var json = await server.RunCliAsync("token", "explain", "tina@contoso.com", "--json");
        var tokenId = JsonDocument.Parse(json.Output).RootElement[0].GetProperty("tokenId").GetInt64();
        var byId = await server.RunCliAsync("token", "explain", tokenId.ToString(CultureInfo.InvariantCulture));
        var refresh = await server.RefreshAsync(tokens.RefreshToken!);

        Assert.True(byUser.ExitCode == 0, byUser.ToString());
        Assert.Contains("result: a refresh would succeed", byUser.Output, StringComparison.Ordinal);
        Assert.Contains($"certificate serial {certificate.SerialNumber}", byUser.Output, StringComparison.Ordinal);
        Assert.Equal(0, byId.ExitCode);
        Assert.True(refresh.Succeeded, refresh.Json);
        Assert.DoesNotContain(tokens.RefreshToken!, byUser.Output + json.Output, StringComparison.Ordinal);

        // The token just redeemed is spent: presenting it again would revoke the family.
        var spent = await server.RunCliAsync("token", "explain", tokenId.ToString(CultureInfo.InvariantCulture));
        var again = await server.RefreshAsync(tokens.RefreshToken!);
        Assert.Equal(1, spent.ExitCode);
        Assert.Contains("FAIL  token", spent.Output, StringComparison.Ordinal);
        Assert.StartsWith(Code(spent.Output), again.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateRevoked_Exit1_WithTheTokenServicesCrlNumber_AndTheRealRefreshIsRefusedTheSame()
    {
        var (certificate, tokens) = await SignInAsync("rita");
        await server.RevokeAsync(certificate);
        var crl = TokenServiceCrlOfIssuingCa();

        var explained = await server.RunCliAsync("token", "explain", "rita@contoso.com");
        var refresh = await server.RefreshAsync(tokens.RefreshToken!);

        Assert.True(explained.ExitCode == 1, explained.ToString());
        Assert.False(refresh.Succeeded);
        Assert.StartsWith(Code(explained.Output), refresh.ErrorDescription, StringComparison.Ordinal);
        Assert.Contains("FAIL  certificate", explained.Output, StringComparison.Ordinal);
        Assert.Contains($"on CRL number {crl.CrlNumber!.Value.ToString(CultureInfo.InvariantCulture)}", explained.Output, StringComparison.Ordinal);
        Assert.Contains($"crl-number={crl.CrlNumber!.Value.ToString(CultureInfo.InvariantCulture)}", explained.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionsRevoked_Exit1_AndTheRealRefreshIsRefusedTheSame()
    {
        var (_, tokens) = await SignInAsync("sam");
        await server.RevokeSessionsAsync("sam@contoso.com");

        var explained = await server.RunCliAsync("token", "explain", "sam@contoso.com");
        var refresh = await server.RefreshAsync(tokens.RefreshToken!);

        Assert.True(explained.ExitCode == 1, explained.ToString());
        Assert.Contains("FAIL  user", explained.Output, StringComparison.Ordinal);
        Assert.Contains("StsRefreshTokensValidFrom", explained.Output, StringComparison.Ordinal);
        Assert.StartsWith(Code(explained.Output), refresh.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingFound_OrBadInput_IsExit2()
    {
        var unknownUser = await server.RunCliAsync("token", "explain", "nobody@contoso.com");
        var unknownId = await server.RunCliAsync("token", "explain", "987654321");
        var control = await server.RunCliAsync("token", "explain", "a\u0001b");

        Assert.Equal((2, 2, 2), (unknownUser.ExitCode, unknownId.ExitCode, control.ExitCode));
        Assert.Contains("no refresh token", unknownUser.Error, StringComparison.Ordinal);
    }

    private static string Code(string output)
    {
        var line = output.Split('\n').Single(l => l.Contains("result: refused ", StringComparison.Ordinal));
        return line[(line.IndexOf("refused ", StringComparison.Ordinal) + 8)..].Split(' ')[0];
    }

    private async Task<(System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate, Testing.TokenResult Tokens)> SignInAsync(string name)
    {
        var upn = name + "@contoso.com";
        await server.AddUserAsync(upn);
        var certificate = server.IssueUserCertificate(name, upn: upn);
        var tokens = await server.SignInWithCodeFlowAsync(certificate);
        Assert.True(tokens.Succeeded, tokens.Json);
        Assert.NotNull(tokens.RefreshToken);
        return (certificate, tokens);
    }

    private CrlStatus TokenServiceCrlOfIssuingCa()
    {
        var authorities = server.TokenServiceServices.GetRequiredService<ITrustedAuthoritySource>().GetAuthoritiesAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var issuing = authorities.Single(a => a.Certificate.Subject == server.Pki.IssuingCa.Subject);
        return server.TokenServiceServices.GetRequiredService<ICrlCache>().GetStatus(issuing.Id)!;
    }
}
