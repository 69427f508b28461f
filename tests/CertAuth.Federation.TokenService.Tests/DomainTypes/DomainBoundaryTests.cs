using System.Reflection;
using static CertAuth.Federation.Tests.Shared.SignatureScan;
using System.Runtime.CompilerServices;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Explain;
using CertAuth.Federation.TokenService.Grants;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Saml;
using CertAuth.Federation.TokenService.Tests.TestKit;
using CertAuth.Federation.TokenService.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CertAuth.Federation.TokenService.Tests.DomainTypes;

/// <summary>
/// Issue 12 item 2: the token service owns its domain types (src/CertAuth.Federation.TokenService/Domain), mapped from
/// the EF records at the store boundary (Domain/StoreRepositories.cs); the grants and client authentication take and
/// return only those. Item 7: client authentication answers with a typed result, never an exception for a wrong secret.
/// </summary>
public sealed class DomainBoundaryTests : IAsyncLifetime
{
    private const string EntityNamespace = "CertAuth.Federation.Storage.Entities";
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync();
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>
    /// The store boundary of the token service: the only types that may name an EF record in a signature. Everything
    /// else in the assembly (grants, client authentication, the authorize endpoint, the ACS, logout, revocation,
    /// userinfo, the explainer, the metadata refresher) sees domain types only.
    /// </summary>
    private static readonly Type[] StoreBoundary =
    [
        // The mapping of every repository (Domain/StoreRepositories.cs).
        typeof(StoreRepositories),
        // The token-signing key store: it reads and writes the signing_keys rows itself (the key store, not a handler).
        typeof(TokenService.Hosting.StoredTokenSigningKeys),
    ];

    [Fact]
    public void EveryTokenServiceType_OutsideTheStoreBoundary_NamesNoStorageEntityRecord_InAnySignature()
    {
        var assembly = typeof(TokenRequestProcessor).Assembly;
        var scanned = assembly.GetTypes()
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), false) && !t.Name.Contains('<', StringComparison.Ordinal))
            .Where(t => !StoreBoundary.Contains(t))
            .ToList();
        Assert.Contains(typeof(RefreshTokenGrant), scanned);
        Assert.Contains(typeof(TokenGrant), scanned);
        Assert.Contains(typeof(ClientAuthenticator), scanned);
        Assert.Contains(typeof(AuthorizeRequestHandler), scanned);
        Assert.Contains(typeof(AssertionConsumer), scanned);
        Assert.Contains(typeof(FederationTrustResolver), scanned);
        Assert.Contains(typeof(EndSessionHandler), scanned);
        Assert.Contains(typeof(FederationLogoutHandler), scanned);
        Assert.Contains(typeof(RefreshTokenExplainer), scanned);

        var offenders = scanned.SelectMany(SignatureTypes)
            .Where(x => x.Type.Namespace == EntityNamespace)
            .Select(x => $"{x.Member}: {x.Type.Name}")
            .Distinct()
            .ToList();

        Assert.True(offenders.Count == 0, "EF records in signatures outside the store boundary:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void TheStoreBoundary_IsWhereTheRecordsAre_NotAnUnusedExemption()
    {
        // Each exempt type does name a record: an exemption that no longer maps anything is removed, not kept.
        foreach (var type in StoreBoundary)
        {
            Assert.Contains(SignatureTypes(type), x => x.Type.Namespace == EntityNamespace);
        }
    }

    [Fact]
    public void TheSignatureScan_SeesEntityRecords_ThroughTasksNullablesAndTuples()
    {
        // The control: the store interfaces do take and return records (Task<RefreshTokenRecord?>, (record, bool) tuples).
        var found = new[] { typeof(IRefreshTokenStore), typeof(ITokenServiceUserStore) }.SelectMany(SignatureTypes)
            .Where(x => x.Type.Namespace == EntityNamespace).Select(x => x.Type.Name).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["RefreshTokenRecord", "TokenServiceUserRecord"], found);
    }

    [Fact]
    public async Task ClientAuthentication_AWrongSecret_IsATypedRefusal_NotAnException()
    {
        var authenticator = _host.Services.GetRequiredService<ClientAuthenticator>();
        var cases = new (TokenRequest Request, TokenErrorCode? Code)[]
        {
            (new TokenRequest { GrantType = GrantTypes.RefreshToken, ClientId = TokenServiceHost.ConfidentialClientId, ClientSecret = "wrong" }, TokenErrorCode.InvalidClientSecret),
            (new TokenRequest { GrantType = GrantTypes.RefreshToken, ClientId = TokenServiceHost.ConfidentialClientId }, TokenErrorCode.ClientAuthenticationRequired),
            (new TokenRequest { GrantType = GrantTypes.RefreshToken, ClientId = TokenServiceHost.PublicClientId, ClientSecret = "any" }, TokenErrorCode.InvalidClientSecret),
            (new TokenRequest { GrantType = GrantTypes.RefreshToken, ClientId = "nobody" }, TokenErrorCode.UnknownClient),
            (new TokenRequest { GrantType = GrantTypes.RefreshToken }, TokenErrorCode.InvalidRequest),
            (new TokenRequest { GrantType = GrantTypes.RefreshToken, ClientId = TokenServiceHost.ConfidentialClientId, ClientSecret = TokenServiceHost.ConfidentialSecret }, null),
            (new TokenRequest { GrantType = GrantTypes.RefreshToken, ClientId = TokenServiceHost.PublicClientId }, null),
        };

        foreach (var (request, code) in cases)
        {
            var result = await authenticator.AuthenticateAsync(request, CancellationToken.None);

            if (code is null)
            {
                var authenticated = Assert.IsType<ClientAuthenticationResult.Authenticated>(result);
                Assert.Equal(request.ClientId, authenticated.Client.ClientId);
            }
            else
            {
                Assert.Equal(code, Assert.IsType<ClientAuthenticationResult.Refused>(result).Error.Code);
            }
        }
    }

    [Fact]
    public async Task OverTheRealServer_TheRepositories_MapTheIssuedFamilyAndUser_ToDomainRecords()
    {
        var tokens = await _host.SignInAndRedeemAsync(null);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        var access = new JsonWebToken(tokens.GetProperty("access_token").GetString());

        var token = await _host.Services.GetRequiredService<IRefreshTokenRepository>().FindByHashAsync(OpaqueTokens.Hash(refresh));
        Assert.NotNull(token);
        Assert.Equal(access.GetClaim("sid").Value, token.FamilyId);
        Assert.Equal(TokenServiceHost.PublicClientId, token.ClientId);
        Assert.Equal("alice@contoso.com", token.Upn);
        Assert.Null(token.UsedAt);
        var user = await _host.Services.GetRequiredService<ITokenServiceUserRepository>().FindAsync(token.TokenServiceUserId!.Value);
        Assert.NotNull(user);
        Assert.Equal(access.Subject, user.ObjectId);
        Assert.Equal(TokenServiceHost.FederationEntityId, user.FederationIssuer);

        // The domain records are values: mapping the same row twice gives equal records, and a change is a copy.
        var again = await _host.Services.GetRequiredService<ITokenServiceUserRepository>().FindAsync(user.Id);
        Assert.Equal(user, again);
        Assert.NotEqual(user, user with { Enabled = false });
    }

}
