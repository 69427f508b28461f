using System.Text.RegularExpressions;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Tests.Revocation;

/// <summary>
/// Issue 15, "every refusal logged once": a refresh refused because the sign-in certificate's revocation status is
/// unknown (the delta CRL cannot be had) is logged exactly once at Warning or above — the token service's event 3000
/// with its code and correlation id — not a second time by the certificate library (event 2014, now Debug). The CRL
/// download's own failure is a different event about the download, not about the refusal. Real TLS, real CRL server.
/// </summary>
public sealed class RevocationUnknownLoggedOnceTests : IAsyncLifetime
{
    private const string Crl = "issuing-ca.crl";
    private const string DeltaCrl = "issuing-ca-delta.crl";
    private TokenServiceHost _host = null!;
    private CrlServer _crls = null!;

    public async Task InitializeAsync()
    {
        _crls = await CrlServer.StartAsync();
        _host = await TokenServiceHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _crls.DisposeAsync();
    }

    [Fact]
    public async Task RefreshRefused_ForUnknownRevocationStatus_IsLoggedOnce_WithCodeAndCorrelationId()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl), _crls.UrlOf(DeltaCrl));
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var body = await _host.SignInAndRedeemAsync(alice);
        var before = _host.Logs.Entries.Count;

        OAuthFlow.AssertError(await _host.RefreshAsync(body.GetProperty("refresh_token").GetString()!), "invalid_grant", "CAT500173");

        var about = _host.Logs.Entries.Skip(before)
            .Where(e => e.Level >= LogLevel.Warning
                        && (e.Message.Contains("CAT500173", StringComparison.Ordinal) || e.Message.Contains(alice.SerialNumber, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var entry = Assert.Single(about);
        Assert.Equal(3000, entry.EventId);
        Assert.Matches(new Regex("correlation [0-9a-f]{32};"), entry.Message);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.EventId == 2014);
    }
}
