using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Web;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Hosting;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Endpoints;

/// <summary>
/// <c>/oauth2/logout</c> with a SAML 2.0 trust, over real TLS on loopback: the NameID and SessionIndex of the sign-in's
/// assertion are kept on the refresh family; logout sends the federation server a LogoutRequest over HTTP-Redirect
/// signed with the token service's request-signing key; the LogoutResponse (signed here with the simulated federation
/// server's key) must match the sealed pending logout before the browser returns to the client with <c>state</c>.
/// </summary>
public sealed class EndSessionSamlTests : IAsyncLifetime
{
    private const string PostLogoutUri = "https://app.test/signed-out";
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync(settings =>
        {
            settings["TokenService:Clients:0:PostLogoutRedirectUris:0"] = PostLogoutUri;
            settings["TokenService:ShowErrorDetails"] = "true";
        });
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string CallbackUrl => new Uri(_host.BaseUrl, "/oauth2/logout/callback").AbsoluteUri;

    [Fact]
    public async Task SamlTrust_SendsASignedLogoutRequest_WithTheAssertionsNameIdAndSessionIndex_AndASignedResponseReturnsWithState()
    {
        var (idToken, refresh) = await SignInAsync();
        var family = (await _host.Services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(CertAuth.Federation.TokenService.OAuth.OpaqueTokens.Hash(refresh)))!;
        Assert.Equal("alice@contoso.com", family.FederationNameId);
        Assert.StartsWith("_", family.FederationSessionIndex, StringComparison.Ordinal);

        var (request, rawQuery) = await LogoutAsync(idToken, "st-9");

        Assert.Equal(_host.EntityId, request.Issuer);
        Assert.Equal(TokenServiceHost.FederationSsoUrl, request.Destination);
        Assert.Equal("alice@contoso.com", request.NameId.Value);
        Assert.Equal([family.FederationSessionIndex!], request.SessionIndexes);
        Assert.True(request.NotOnOrAfter > _host.Clock.GetUtcNow());
        var requestSigning = _host.Services.GetRequiredService<TokenServiceKeys>().RequestSigning;
        new SignatureVerifier().VerifyRedirectSignature(rawQuery, [X509CertificateLoader.LoadCertificate(requestSigning.RawData)]).Valid();
        Assert.Contains("SigAlg=" + Uri.EscapeDataString("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"), rawQuery, StringComparison.OrdinalIgnoreCase);
        OAuthFlow.AssertError(await _host.RefreshAsync(refresh), "invalid_grant", "CAT700086");

        using var callback = await _host.Client.GetAsync(Response(request.Id, _host.Federation.SigningCertificate));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(PostLogoutUri + "?state=st-9", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task BadLogoutResponses_AreRefusedWithStableCodes()
    {
        var (idToken, _) = await SignInAsync();
        var now = _host.Clock.GetUtcNow();
        using var otherKey = CertificateFactory.CreateTokenSigning("CN=Someone Else", now.AddDays(-1), now.AddYears(1));

        var cases = new (Func<string, string> Url, string Code)[]
        {
            (id => Response(id, otherKey), "CAT50006"),                                  // signed by a key the trust does not have
            (id => Response(id, null), "CAT50006"),                                      // unsigned
            (id => Response("_another-request", _host.Federation.SigningCertificate), "CAT750054"),
            (id => Response(id, _host.Federation.SigningCertificate, issuer: "https://other.test/"), "CAT50107"),
            (_ => "/oauth2/logout/callback", "CAT50008"),                                // no SAMLResponse at all
        };
        foreach (var (url, code) in cases)
        {
            var (request, _) = await LogoutAsync(idToken, "s");
            using var response = await _host.Client.GetAsync(url(request.Id));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{code}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 1500)]}");
            Assert.Contains(code, body, StringComparison.Ordinal);
            Assert.Null(response.Headers.Location);
        }
    }

    [Fact]
    public async Task LogoutResponseOverHttpPost_SignedByExactReference_ReturnsWithState()
    {
        var (idToken, refresh) = await SignInAsync();
        var (request, _) = await LogoutAsync(idToken, "st-post");
        OAuthFlow.AssertError(await _host.RefreshAsync(refresh), "invalid_grant", "CAT700086");

        using var callback = await PostResponseAsync(Posted(request.Id, _host.Federation.SigningCertificate), relayState: "ignored");
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(PostLogoutUri + "?state=st-post", callback.Headers.Location!.OriginalString);
        Assert.Contains(callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-certauth-ts-logout=;", StringComparison.Ordinal));

        // The sealed state is gone with the cookie: the same response cannot be played again.
        using var again = await PostResponseAsync(Posted(request.Id, _host.Federation.SigningCertificate));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task BadLogoutResponsesOverHttpPost_AreRefusedWithStableCodes()
    {
        var (idToken, _) = await SignInAsync();
        var now = _host.Clock.GetUtcNow();
        using var otherKey = CertificateFactory.CreateTokenSigning("CN=Someone Else", now.AddDays(-1), now.AddYears(1));
        var cases = new (Func<string, HttpContent> Form, string Code)[]
        {
            (id => Form(Posted(id, otherKey)), "CAT50006"),                                     // a key the trust does not have
            (id => Form(Posted(id, null)), "CAT50006"),                                         // unsigned
            (id => Form(Posted(id, _host.Federation.SigningCertificate, rewriteId: true)), "CAT50006"), // reference names another element
            (id => Form(Posted(id, _host.Federation.SigningCertificate, wrapped: true)), "CAT50006"),  // signature moved off the root
            (id => Form(Posted("_another-request", _host.Federation.SigningCertificate)), "CAT750054"),
            (id => Form(Posted(id, _host.Federation.SigningCertificate, issuer: "https://other.test/")), "CAT50107"),
            (id => Form(Convert.ToBase64String("<not-xml"u8.ToArray())), "CAT50008"),
            (_ => new FormUrlEncodedContent([new("RelayState", "x")]), "CAT900"),              // no SAMLResponse
            (id => new FormUrlEncodedContent([new("SAMLResponse", "a"), new("SAMLResponse", "b")]), "CAT900"),
            (_ => new StringContent("<xml/>", System.Text.Encoding.UTF8, "text/xml"), "CAT900"), // not a form
        };
        foreach (var (form, code) in cases)
        {
            var (request, _) = await LogoutAsync(idToken, "s");
            using var content = form(request.Id);
            using var response = await _host.Client.PostAsync("/oauth2/logout/callback", content);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{code}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 1500)]}");
            Assert.Contains(code, body, StringComparison.Ordinal);
            Assert.Null(response.Headers.Location);
        }
    }

    private static FormUrlEncodedContent Form(string samlResponse, string? relayState = null) => new(
        relayState is null ? [new("SAMLResponse", samlResponse)] : [new("SAMLResponse", samlResponse), new("RelayState", relayState)]);

    private async Task<HttpResponseMessage> PostResponseAsync(string samlResponse, string? relayState = null)
    {
        using var form = Form(samlResponse, relayState);
        return await _host.Client.PostAsync("/oauth2/logout/callback", form);
    }

    /// <summary>A LogoutResponse for HTTP-POST (base64), with an enveloped signature by <paramref name="key"/> when given.</summary>
    private string Posted(string inResponseTo, X509Certificate2? key, string issuer = TokenServiceHost.FederationEntityId, bool rewriteId = false, bool wrapped = false)
    {
        var document = new LogoutMessageWriter().Write(new LogoutResponse
        {
            Id = "_resp" + Guid.NewGuid().ToString("N"),
            InResponseTo = inResponseTo,
            IssueInstant = _host.Clock.GetUtcNow(),
            Destination = CallbackUrl,
            Issuer = issuer,
            Status = new SamlStatus { StatusCode = SamlStatusCodes.Success },
        });
        if (key is not null)
        {
            new XmlSigner().Sign(document.DocumentElement!, key);
        }

        if (rewriteId)
        {
            document.DocumentElement!.SetAttribute("ID", "_other" + Guid.NewGuid().ToString("N"));
        }

        if (wrapped)
        {
            // The signature is taken off the root and put on a child element: the root itself is then unsigned.
            var signature = document.DocumentElement!.GetElementsByTagName("Signature", "http://www.w3.org/2000/09/xmldsig#")[0]!;
            document.DocumentElement.RemoveChild(signature);
            document.DocumentElement.GetElementsByTagName("Status", "urn:oasis:names:tc:SAML:2.0:protocol")[0]!.AppendChild(signature);
        }

        return new HttpPostBinding().Encode(document);
    }

    private async Task<(string IdToken, string Refresh)> SignInAsync()
    {
        var body = await _host.SignInAndRedeemAsync(null);
        return (body.GetProperty("id_token").GetString()!, body.GetProperty("refresh_token").GetString()!);
    }

    private async Task<(LogoutRequest Request, string RawQuery)> LogoutAsync(string idToken, string state)
    {
        using var logout = await _host.Client.GetAsync($"/oauth2/logout?id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString(PostLogoutUri)}&state={state}");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        var location = logout.Headers.Location!;
        Assert.StartsWith(TokenServiceHost.FederationSsoUrl + "?SAMLRequest=", location.AbsoluteUri, StringComparison.Ordinal);
        var rawQuery = location.Query.TrimStart('?');
        var message = new HttpRedirectBinding().Decode(rawQuery).Valid();
        return (new LogoutMessageReader().ReadRequest(new SafeXmlLoader().Load(message.Xml).Valid()).Valid(), rawQuery);
    }

    /// <summary>The callback URL (path and query) carrying a LogoutResponse over HTTP-Redirect, signed with <paramref name="key"/> when given.</summary>
    private string Response(string inResponseTo, X509Certificate2? key, string issuer = TokenServiceHost.FederationEntityId)
    {
        var document = new LogoutMessageWriter().Write(new LogoutResponse
        {
            Id = "_resp" + Guid.NewGuid().ToString("N"),
            InResponseTo = inResponseTo,
            IssueInstant = _host.Clock.GetUtcNow(),
            Destination = CallbackUrl,
            Issuer = issuer,
            Status = new SamlStatus { StatusCode = SamlStatusCodes.Success },
        });
        var url = new HttpRedirectBinding().BuildRedirectUrl(CallbackUrl, "SAMLResponse", document, relayState: null, key);
        return new Uri(url).PathAndQuery;
    }
}
