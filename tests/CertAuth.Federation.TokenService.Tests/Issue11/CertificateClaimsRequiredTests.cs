using System.Net;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Saml;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Issue11;

/// <summary>
/// Issue 11 item 4: a sign-in without a parsable certificate serial number (hex) or issuer gets no code and no refresh
/// token (CAT500177) at the ACS and the RFC 7522 grant, and redemption never skips the check: a stored code or refresh
/// record without them is refused, not waved through. Real TLS endpoints.
/// </summary>
public sealed class CertificateClaimsRequiredTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync();
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static readonly TheoryData<string?, string?> BadClaims = new()
    {
        { null, null },
        { "0A1B", null },
        { null, "CN=CertAuth Test Issuing CA, O=CertAuth Tests" },
        { "12345Z", "CN=CertAuth Test Issuing CA, O=CertAuth Tests" },
        { "0x1F", "CN=CertAuth Test Issuing CA, O=CertAuth Tests" },
        { "1_2", "CN=CertAuth Test Issuing CA, O=CertAuth Tests" },
        { new string('A', 129), "CN=CertAuth Test Issuing CA, O=CertAuth Tests" },
        { "0A1B", "not a distinguished name" },
    };

    [Theory]
    [MemberData(nameof(BadClaims))]
    public async Task Acs_WithoutParsableSerialOrIssuer_RefusesWithTheThemedPage_AndIssuesNoCode(string? serial, string? issuer)
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null, certificateClaims: false);
        AddClaims(assertion, serial, issuer);
        using var response = await _host.PostAcsAsync(_host.Federation.Response(assertion, _host.AcsUrl, request.Id));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("CAT500177", page, StringComparison.Ordinal);
        Assert.Contains("Your certificate could not be identified", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0a:1b:2c:3d", "0A1B2C3D")]
    [InlineData("0a-1b-2c-3d", "0A1B2C3D")]
    [InlineData(" 0A 1B 2C 3D ", "0A1B2C3D")]
    public async Task Acs_AcceptsHexSerialsWithSeparators_NormalisedToUpperCaseHex(string serial, string stored)
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null, certificateClaims: false);
        AddClaims(assertion, serial, _host.Pki.IssuingCa.Subject);
        using var response = await _host.PostAcsAsync(_host.Federation.Response(assertion, _host.AcsUrl, request.Id));
        var (status, body) = await _host.RedeemCodeAsync(OAuthFlow.CodeFrom(response));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var record = await _host.Services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(OAuth.OpaqueTokens.Hash(body.GetProperty("refresh_token").GetString()!));
        Assert.Equal(stored, record!.CertificateSerialNumber);
    }

    [Fact]
    public async Task SamlBearerGrant_WithoutCertificateClaims_IsRefused()
    {
        var assertion = _host.Federation.NewAssertion(_host.TokenEndpoint, _host.EntityId, null, "alice@contoso.com", null, certificateClaims: false);
        var result = await _host.TokenAsync(new()
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:saml2-bearer",
            ["client_id"] = TokenServiceHost.PublicClientId,
            ["assertion"] = _host.Federation.BareAssertion(assertion),
            ["scope"] = "openid offline_access",
        });
        OAuthFlow.AssertError(result, "invalid_grant", "CAT500177");
    }

    [Fact]
    public async Task Refresh_OfARecordWithoutSerialOrIssuer_IsRefused_NotWavedThrough()
    {
        var body = await _host.SignInAndRedeemAsync(null);
        var genuine = await _host.Services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(OAuth.OpaqueTokens.Hash(body.GetProperty("refresh_token").GetString()!));

        // A record as an earlier version wrote it for a sign-in without certificate claims.
        var token = OAuth.OpaqueTokens.New();
        var now = _host.Clock.GetUtcNow();
        await _host.Services.GetRequiredService<IRefreshTokenStore>().AddAsync(new RefreshTokenRecord
        {
            TokenHash = OAuth.OpaqueTokens.Hash(token),
            FamilyId = "legacy-family",
            UserId = genuine!.UserId,
            TokenServiceUserId = genuine.TokenServiceUserId,
            Upn = genuine.Upn,
            ClientId = TokenServiceHost.PublicClientId,
            Scopes = "openid offline_access",
            AuthTime = now,
            IssuedAt = now,
            ExpiresAt = now.AddDays(1),
            AbsoluteExpiresAt = now.AddDays(2),
            FederationIssuer = TokenServiceHost.FederationEntityId,
        });

        OAuthFlow.AssertError(await _host.RefreshAsync(token), "invalid_grant", "CAT500177");
    }

    [Fact]
    public async Task CodeRedemption_OfACodeWithoutSerialOrIssuer_IsRefused()
    {
        var body = await _host.SignInAndRedeemAsync(null);
        var genuine = await _host.Services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(OAuth.OpaqueTokens.Hash(body.GetProperty("refresh_token").GetString()!));
        var code = OAuth.OpaqueTokens.New();
        var now = _host.Clock.GetUtcNow();
        await _host.Services.GetRequiredService<IAuthorizationCodeStore>().AddAsync(new AuthorizationCodeRecord
        {
            CodeHash = OAuth.OpaqueTokens.Hash(code),
            ClientId = TokenServiceHost.PublicClientId,
            RedirectUri = TokenServiceHost.RedirectUri,
            CodeChallenge = OAuthFlow.Challenge(),
            CodeChallengeMethod = "S256",
            Scopes = "openid offline_access",
            UserId = genuine!.UserId,
            TokenServiceUserId = genuine.TokenServiceUserId,
            Upn = genuine.Upn,
            AuthTime = now,
            FederationIssuer = TokenServiceHost.FederationEntityId,
            IssuedAt = now,
            ExpiresAt = now.AddMinutes(5),
        });

        OAuthFlow.AssertError(await _host.RedeemCodeAsync(code), "invalid_grant", "CAT500177");
    }

    private static void AddClaims(Protocols.Saml.Assertion assertion, string? serial, string? issuer)
    {
        if (serial is not null)
        {
            FederationServerSimulator.Add(assertion, SignInClaimTypes.SerialNumber, serial);
        }

        if (issuer is not null)
        {
            FederationServerSimulator.Add(assertion, SignInClaimTypes.Issuer, issuer);
        }
    }
}
