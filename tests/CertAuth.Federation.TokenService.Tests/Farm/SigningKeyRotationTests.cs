using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.KeyMaterial;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CertAuth.Federation.TokenService.Tests.Farm;

/// <summary>
/// Issue 13: the JWT signing keys live in the token service's database (private keys protected by the role's data
/// protection, itself in the database and encrypted with a certificate), so every node signs with and publishes the same
/// keys; a rotation is published before it signs, and the previous key stays in JWKS until its tokens have expired
/// (fake clock).
/// </summary>
public sealed class SigningKeyRotationTests : IAsyncLifetime
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);
    private readonly string _shared = Path.Combine(Path.GetTempPath(), "certauth-ts-farm-" + Guid.NewGuid().ToString("N"));
    private TokenServiceHost _a = null!;

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
    public async Task ATokenSignedBeforeRotation_StillValidatesViaJwks_UntilItCanNoLongerBeValid()
    {
        var alice = _a.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var before = (await _a.SignInAndRedeemAsync(alice)).GetProperty("access_token").GetString()!;
        var oldKid = new JsonWebToken(before).Kid;
        Assert.Equal([oldKid], await KeyIdsAsync(_a));

        // certauth keys rotate, as its handler does it: a new key published now that signs 2 minutes later.
        var newKid = await RotateAsync(_a, activateIn: TimeSpan.FromMinutes(2));

        // The node picks it up on its next refresh, without a restart; it is published before it signs.
        _a.Clock.Advance(RefreshInterval);
        var published = await WaitForKeyIdsAsync(_a, ids => ids.Contains(newKid));
        Assert.Equal(new[] { oldKid, newKid }.Order(StringComparer.Ordinal), published); // key ids are listed in ordinal order
        Assert.Equal(oldKid, new JsonWebToken(await AccessTokenAsync(alice)).Kid);

        _a.Clock.Advance(TimeSpan.FromMinutes(1));
        var after = await AccessTokenAsync(alice);
        Assert.Equal(newKid, new JsonWebToken(after).Kid);

        // Both the token signed before the rotation and the new one validate against the published JWKS.
        var jwks = new JsonWebKeySet(await _a.Client.GetStringAsync("/discovery/keys"));
        Assert.True(await SignatureValidAsync(before, jwks));
        Assert.True(await SignatureValidAsync(after, jwks));
        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(before));

        // Access-token lifetime (1 h) + clock skew (5 min) after the old key stopped signing, it is no longer published.
        _a.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Contains(oldKid, await KeyIdsAsync(_a));
        _a.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(oldKid, await KeyIdsAsync(_a));
        Assert.False(await SignatureValidAsync(before, new JsonWebKeySet(await _a.Client.GetStringAsync("/discovery/keys"))));
    }

    [Fact]
    public async Task TwoNodesOnOneDatabase_SignWithAndPublishTheSameKeys()
    {
        await using var b = await TokenServiceHost.StartAsync(s =>
        {
            Shared(s);
            s["Storage:ConnectionString"] = "Data Source=" + Path.Combine(_a.Folder, "db", "certauth.db");
        });

        Assert.Equal(await KeyIdsAsync(_a), await KeyIdsAsync(b));

        // Node B opened node A's private key (its data-protection key ring and certificate are the shared ones): what it
        // signs validates against node A's JWKS, and node A's tokens against node B's.
        var signedByB = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _a.BaseUrl.AbsoluteUri,
            SigningCredentials = b.Services.GetRequiredService<CertAuth.Federation.TokenService.Hosting.ITokenSigningKeys>().Current.Credentials,
        });
        Assert.True(await SignatureValidAsync(signedByB, new JsonWebKeySet(await _a.Client.GetStringAsync("/discovery/keys"))));
        var signedByA = await AccessTokenAsync(_a.Pki.IssueUser("alice", upn: "alice@contoso.com"));
        Assert.True(await SignatureValidAsync(signedByA, new JsonWebKeySet(await b.Client.GetStringAsync("/discovery/keys"))));

        // A rotation made through node A's store reaches node B at its next refresh.
        var newKid = await RotateAsync(_a, activateIn: TimeSpan.Zero);
        b.Clock.Advance(RefreshInterval);
        await WaitForKeyIdsAsync(b, ids => ids.Contains(newKid));

        // The private key is stored protected, never in clear.
        await using var db = await _a.Services.GetRequiredService<IDbContextFactory<TokenServiceDbContext>>().CreateDbContextAsync();
        var rows = await db.SigningKeys.AsNoTracking().ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.DoesNotContain("PRIVATE KEY", r.ProtectedPrivateKey, StringComparison.Ordinal));
        Assert.All(await db.DataProtectionKeys.AsNoTracking().ToListAsync(), k => Assert.Contains("EncryptedKey", k.Xml, StringComparison.Ordinal));
    }

    private void Shared(Dictionary<string, string?> settings)
    {
        settings["TokenService:DataProtection:Certificate:Path"] = Path.Combine(_shared, "dp.pfx");
        settings["TokenService:DataProtection:Certificate:Password"] = "test";
        settings["TokenService:SigningKeys:RefreshInterval"] = RefreshInterval.ToString();
    }

    private static async Task<string> RotateAsync(TokenServiceHost host, TimeSpan activateIn)
    {
        var now = host.Clock.GetUtcNow();
        var record = TokenSigningKeyMaterial.Create(host.Services.GetRequiredService<IDataProtectionProvider>(), now, now + activateIn, "test");
        await host.Services.GetRequiredService<ISigningKeyStore>().AddAsync(record);
        return record.KeyId;
    }

    private async Task<string> AccessTokenAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 user) =>
        (await _a.SignInAndRedeemAsync(user)).GetProperty("access_token").GetString()!;

    private static async Task<List<string>> KeyIdsAsync(TokenServiceHost host)
    {
        var jwks = JsonDocument.Parse(await host.Client.GetStringAsync("/discovery/keys")).RootElement;
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).Order(StringComparer.Ordinal)];
    }

    /// <summary>The background re-read runs on the thread pool: ask again (at most 100 times) until it has landed.</summary>
    private static async Task<List<string>> WaitForKeyIdsAsync(TokenServiceHost host, Func<List<string>, bool> done)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var ids = await KeyIdsAsync(host);
            if (done(ids))
            {
                return ids;
            }

            await Task.Delay(50);
        }

        return await KeyIdsAsync(host);
    }

    private async Task<HttpStatusCode> UserInfoStatusAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth2/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _a.Client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<bool> SignatureValidAsync(string token, JsonWebKeySet jwks)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _a.BaseUrl.AbsoluteUri.TrimEnd('/'),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        return result.IsValid;
    }
}
