using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.TokenService.Tests.TestKit;

namespace CertAuth.Federation.TokenService.Tests.Farm;

/// <summary>
/// RFC 7009 revocation and RFC 7662 introspection on a farm: two token-service nodes over one database (and one
/// data-protection certificate, as in <see cref="SigningKeyRotationTests"/>); what one node revokes the other refuses.
/// </summary>
public sealed class RevocationAcrossNodesTests : IAsyncLifetime
{
    private readonly string _shared = Path.Combine(Path.GetTempPath(), "certauth-ts-farm-" + Guid.NewGuid().ToString("N"));
    private TokenServiceHost _a = null!;
    private TokenServiceHost? _b;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_shared);
        var now = DateTimeOffset.UtcNow;
        using var certificate = CertificateFactory.CreateKeyEncryption("CN=Test Data Protection", now.AddDays(-1), now.AddYears(1));
        await File.WriteAllBytesAsync(Path.Combine(_shared, "dp.pfx"), certificate.Export(X509ContentType.Pfx, "test"));
        _a = await TokenServiceHost.StartAsync(Shared);
    }

    public async Task DisposeAsync()
    {
        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        await _a.DisposeAsync();
        try
        {
            Directory.Delete(_shared, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task ARefreshTokenRevokedOnOneNode_IsRefusedAndInactiveOnTheOther()
    {
        await _a.TrustIssuingCaAsync(crl: null);
        var tokens = await _a.ConfidentialSignInAndRedeemAsync(null);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        _b = await TokenServiceHost.StartAsync(s =>
        {
            Shared(s);
            s["Storage:ConnectionString"] = "Data Source=" + Path.Combine(_a.Folder, "db", "certauth.db");
        });
        _b.Clock.Advance(TimeSpan.FromSeconds(2));  // past its CA-list cache, as 2 s later in production
        Assert.True((await _b.IntrospectAsync(refresh)).Body.GetProperty("active").GetBoolean());

        var revoked = await _a.PostFormAsync("/oauth2/revoke", new() { ["token"] = refresh, ["token_type_hint"] = "refresh_token" },
            (TokenServiceHost.ConfidentialClientId, TokenServiceHost.ConfidentialSecret));
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        Assert.Equal("{\"active\":false}", (await _b.IntrospectAsync(refresh)).Text);
        var (status, body) = await _b.TokenAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = TokenServiceHost.ConfidentialClientId,
            ["client_secret"] = TokenServiceHost.ConfidentialSecret,
            ["refresh_token"] = refresh,
        });
        OAuthFlow.AssertError((status, body), "invalid_grant", "CAT700086");
    }

    private void Shared(Dictionary<string, string?> settings)
    {
        settings["TokenService:DataProtection:Certificate:Path"] = Path.Combine(_shared, "dp.pfx");
        settings["TokenService:DataProtection:Certificate:Password"] = "test";
    }
}
