using System.Net;
using System.Text.Json;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CertAuth.Federation.TokenService.Tests.Hosting;

/// <summary>
/// <c>TokenService:SigningAlgorithm=ES256</c> (issue 16, second pass): the stored signing key is ECDSA P-256, access and
/// id tokens are ES256 (code flow and refresh, over the real TLS listener), JWKS publishes the key with <c>alg</c> and
/// <c>crv</c> and without its private part, discovery lists ES256; an unknown value stops the start-up.
/// </summary>
public sealed class Es256SigningTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync(s => s["TokenService:SigningAlgorithm"] = "ES256");
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Es256_TokensSignedWithTheStoredP256Key_JwksHasAlgAndCrv_DiscoveryListsIt_RefreshStaysEs256()
    {
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var first = await _host.SignInAndRedeemAsync(alice);
        var access = new JsonWebToken(first.GetProperty("access_token").GetString()!);
        var id = new JsonWebToken(first.GetProperty("id_token").GetString()!);

        var stored = Assert.Single(await _host.Services.GetRequiredService<ISigningKeyStore>().ListAsync());
        Assert.Equal("ES256", stored.Algorithm);
        Assert.Equal("ES256", access.Alg);
        Assert.Equal("ES256", id.Alg);
        Assert.Equal(stored.KeyId, access.Kid);

        var jwksText = await _host.Client.GetStringAsync("/discovery/keys");
        var key = Assert.Single(JsonDocument.Parse(jwksText).RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.Equal(stored.KeyId, key.GetProperty("kid").GetString());
        Assert.False(key.TryGetProperty("d", out _));

        var discovery = JsonDocument.Parse(await _host.Client.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        Assert.Equal(["ES256"], discovery.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));

        var jwks = new JsonWebKeySet(jwksText);
        Assert.True(await SignatureValidAsync(access.EncodedToken, jwks));
        Assert.True(await SignatureValidAsync(id.EncodedToken, jwks));

        // Refresh: the rotation and the new tokens, still ES256 with the same key.
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        var (status, body) = await _host.RefreshAsync(first.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, status);
        var refreshed = new JsonWebToken(body.GetProperty("access_token").GetString()!);
        Assert.Equal("ES256", refreshed.Alg);
        Assert.True(await SignatureValidAsync(refreshed.EncodedToken, jwks));

        // Not a rubber stamp: a token whose signature belongs to another P-256 key does not validate.
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _host.BaseUrl.AbsoluteUri,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256)) { KeyId = stored.KeyId }, SecurityAlgorithms.EcdsaSha256),
        });
        Assert.False(await SignatureValidAsync(forged, jwks));
    }

    [Fact]
    public async Task UnknownSigningAlgorithm_StopsTheStartUp()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => TokenServiceHost.StartAsync(s => s["TokenService:SigningAlgorithm"] = "HS256"));
        Assert.Contains("TokenService:SigningAlgorithm must be RS256 or ES256.", ex.ToString(), StringComparison.Ordinal);
    }

    private static async Task<bool> SignatureValidAsync(string token, JsonWebKeySet jwks)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        return result.IsValid;
    }
}
