using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Storage.Revocation;
using CertAuth.Federation.Storage.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Testing;

/// <summary>
/// <see cref="FederationServerFixture"/> plus the relying-party token service (the OAuth 2.0 / OpenID Connect role) on
/// its own free loopback TLS port, in its own container, sharing the database (trusted CAs, users) and the clock. The
/// token service is registered at the federation server as a relying party, and one public client
/// (<see cref="PublicClientId"/>) may use the code flow with PKCE and refresh tokens:
/// <code>
/// var tokens = await server.SignInWithCodeFlowAsync(alice);
/// await server.RevokeAsync(alice);
/// var refused = await server.RefreshAsync(tokens.RefreshToken!);   // refused.Error == "invalid_grant"
/// </code>
/// </summary>
public class TokenServiceFixture : FederationServerFixture
{
    /// <summary>The public client every fixture has.</summary>
    public const string PublicClientId = "test-client";

    /// <summary>A redirect URI of <see cref="PublicClientId"/> (nothing listens there; the kit reads the code off the redirect).</summary>
    public const string RedirectUri = "https://client.test/signin-callback";

    private WebApplication? _tokenService;

    /// <summary>The token service's listener, e.g. <c>https://localhost:40125/</c>.</summary>
    public Uri TokenServiceUrl { get; private set; } = null!;

    /// <summary>The token service's SAML entity id (its relying-party id at the federation server).</summary>
    public string TokenServiceEntityId => TokenServiceUrl.AbsoluteUri;

    /// <summary>The token endpoint.</summary>
    public Uri TokenEndpoint => new(TokenServiceUrl, "oauth2/token");

    /// <summary>The authorization endpoint.</summary>
    public Uri AuthorizationEndpoint => new(TokenServiceUrl, "oauth2/authorize");

    /// <summary>The token service's services.</summary>
    public IServiceProvider TokenServiceServices => _tokenService?.Services ?? throw new InvalidOperationException("The token service has not started.");

    /// <summary>Starts the federation server, then the token service.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        TokenServiceUrl = new Uri($"https://localhost:{LoopbackPort.Next()}/");
        await RegisterRelyingPartyAsync(TokenServiceEntityId, new Uri(TokenServiceUrl, "saml2/acs").AbsoluteUri);
        var host = new LoopbackHostBuilder(LoopbackRole.TokenService, WorkingDirectory)
            .UseClock(Clock)
            .UseSqlite(Path.Combine(WorkingDirectory, "certauth.db"))
            .UsePublicUrl(TokenServiceUrl.AbsoluteUri.TrimEnd('/'))
            .WriteFile("fs-signing.cer", TokenSigningCertificate.RawData);
        var settings = host.Settings;
        settings["TokenService:EntityId"] = TokenServiceEntityId;
        settings["TokenService:TlsCertificate:Path"] = "tls.pfx";
        settings["TokenService:TlsCertificate:Password"] = FilePassword;
        settings["TokenService:DataPath"] = "ts-data";
        settings["TokenService:FederationServers:0:EntityId"] = EntityId;
        settings["TokenService:FederationServers:0:SingleSignOnUrl"] = SingleSignOnUrl.AbsoluteUri;
        settings["TokenService:FederationServers:0:SigningCertificates:0"] = "fs-signing.cer";
        settings["TokenService:Clients:0:ClientId"] = PublicClientId;
        settings["TokenService:Clients:0:Public"] = "true";
        settings["TokenService:Clients:0:RedirectUris:0"] = RedirectUri;
        settings["TokenService:Clients:0:RedirectUris:1"] = "http://127.0.0.1/callback";
        settings["TokenService:Clients:0:AllowedScopes:0"] = "openid";
        settings["TokenService:Clients:0:AllowedScopes:1"] = "profile";
        settings["TokenService:Clients:0:AllowedScopes:2"] = "email";
        settings["TokenService:Clients:0:AllowedScopes:3"] = "offline_access";
        settings["TokenService:Clients:0:AllowedGrantTypes:0"] = "authorization_code";
        settings["TokenService:Clients:0:AllowedGrantTypes:1"] = "refresh_token";
        ConfigureTokenServiceSettings(settings);
        _tokenService = await host.StartAsync();
    }

    /// <summary>Override to change the token service's configuration (keys as in appsettings.json, <c>TokenService:*</c>).</summary>
    protected virtual void ConfigureTokenServiceSettings(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Revokes the certificate (see the base) and makes the token service fetch the new CRL too.</summary>
    public override async Task RevokeAsync(X509Certificate2 certificate)
    {
        await base.RevokeAsync(certificate);

        // The token service keeps its own trusted-CA list and CRL state (its own store): ask it to refresh too.
        var issuing = (await TokenServiceServices.GetRequiredService<ITrustedAuthorityStore>().ListAsync())
            .Single(a => string.Equals(a.Subject, Pki.IssuingCa.Subject, StringComparison.Ordinal));
        await TokenServiceServices.GetRequiredService<ICrlRefreshRequestStore>().RequestAsync(issuing.Id, "CertAuth.Federation.Testing");
        await TokenServiceServices.GetRequiredService<CrlRefreshRequestWatcher>().PollOnceAsync(CancellationToken.None);
    }

    /// <inheritdoc />
    protected override Task<int> RevokeTokenServiceSessionsAsync(string upn, DateTimeOffset now)
        => TokenServiceServices.GetRequiredService<ITokenServiceUserStore>().RevokeSessionsAsync(upn, null, now);

    /// <summary>
    /// The whole code flow with PKCE as a browser and a public client run it: authorize at the token service, SAML
    /// sign-in at the federation server presenting <paramref name="certificate"/>, the auto-POST back to the token
    /// service's ACS, and the code redeemed at the token endpoint.
    /// </summary>
    public async Task<TokenResult> SignInWithCodeFlowAsync(
        X509Certificate2? certificate, string clientId = PublicClientId, string redirectUri = RedirectUri, string scope = "openid profile offline_access")
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        var state = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(12));
        using var client = CreateClient(certificate, userAgent: null, cookies: new CookieContainer());

        var authorize = QueryHelpers.AddQueryString(AuthorizationEndpoint.AbsoluteUri, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });
        var signIn = await FollowToSignInResultAsync(client, new Uri(authorize));
        if (!signIn.Succeeded)
        {
            return new TokenResult(0, string.Empty, signIn);
        }

        var fields = new Dictionary<string, string> { ["SAMLResponse"] = signIn.EncodedSamlResponse! };
        if (signIn.RelayState is { } relayState)
        {
            fields["RelayState"] = relayState;
        }

        using var acs = await client.PostAsync(signIn.PostedTo, new FormUrlEncodedContent(fields));
        var callback = acs.Headers.Location is { } location ? new Uri(signIn.PostedTo!, location) : null;
        var query = callback is null ? [] : QueryHelpers.ParseQuery(callback.Query);
        if (!query.TryGetValue("code", out var code))
        {
            var body = query.TryGetValue("error", out var error)
                ? System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string?> { ["error"] = error, ["error_description"] = query.TryGetValue("error_description", out var d) ? d.ToString() : null })
                : string.Empty;
            return new TokenResult(acs.StatusCode, body, signIn);
        }

        return await PostTokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["code"] = code.ToString(),
            ["code_verifier"] = verifier,
        });
    }

    /// <summary>Redeems <paramref name="refreshToken"/> at the token endpoint (as the public client).</summary>
    public async Task<TokenResult> RefreshAsync(string refreshToken, string clientId = PublicClientId)
    {
        using var client = CreateClient();
        return await PostTokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = clientId,
            ["refresh_token"] = refreshToken,
        });
    }

    /// <summary>Stops the token service, then the federation server.</summary>
    public override async Task DisposeAsync()
    {
        if (_tokenService is not null)
        {
            await _tokenService.DisposeAsync();
            _tokenService = null;
        }

        await base.DisposeAsync();
    }

    private async Task<TokenResult> PostTokenAsync(HttpClient client, Dictionary<string, string> form)
    {
        using var response = await client.PostAsync(TokenEndpoint, new FormUrlEncodedContent(form));
        return new TokenResult(response.StatusCode, await response.Content.ReadAsStringAsync(), null);
    }
}
