using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Hosting;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Endpoints;

/// <summary>
/// The token service as a SAML session participant, over real TLS on loopback: the federation server's (here the
/// simulator's) <c>samlp:LogoutRequest</c> at <c>/oauth2/logout/callback</c>, over HTTP-Redirect and HTTP-POST. An
/// accepted request revokes the principal's refresh families from that trust (the refresh token then gets
/// <c>invalid_grant</c>), clears the browser's cookies and is answered with a LogoutResponse signed with our
/// request-signing key; an unreadable or unauthenticated one is a 400 page with its code and no answer; an authenticated
/// but refused one is answered <c>Requester</c>/<c>RequestDenied</c> with the code. No refusal revokes anything.
/// </summary>
public sealed class FederationLogoutRequestTests : IAsyncLifetime
{
    private const string Alice = "alice@contoso.com";
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync(settings => settings["TokenService:ShowErrorDetails"] = "true");
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string CallbackUrl => new Uri(_host.BaseUrl, "/oauth2/logout/callback").AbsoluteUri;

    private X509Certificate2 RequestSigningPublic => X509CertificateLoader.LoadCertificate(_host.Services.GetRequiredService<TokenServiceKeys>().RequestSigning.RawData);

    [Fact]
    public async Task SignedRedirectLogoutRequest_RevokesThePrincipalsFamilies_ClearsCookies_AndAnswersASignedSuccess()
    {
        var first = await SignInAsync(Alice);
        var second = await SignInAsync(Alice);
        using var bobsBrowser = _host.NewBrowser(); // the request arrives through alice's browser, whose own sign-ins end too (cleanup)
        var bob = await SignInAsync("bob@contoso.com", bobsBrowser);

        var request = NewRequest(Alice);
        using var response = await _host.Client.GetAsync(Redirect(request, _host.Federation.SigningCertificate, relayState: "_fs-state-1"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (answer, rawQuery, relayState) = ReadAnswer(response);
        Assert.Equal(request.Id, answer.InResponseTo);
        Assert.Equal(TokenServiceHost.FederationSsoUrl, answer.Destination);
        Assert.Equal(_host.EntityId, answer.Issuer);
        Assert.Equal(SamlStatusCodes.Success, answer.Status.StatusCode);
        Assert.Null(answer.Status.SecondLevelStatusCode);
        Assert.Equal("_fs-state-1", relayState);
        Assert.Contains("SigAlg=" + Uri.EscapeDataString(SignatureAlgorithms.RsaSha256), rawQuery, StringComparison.OrdinalIgnoreCase);
        new SignatureVerifier().VerifyRedirectSignature(rawQuery, [RequestSigningPublic]).Valid();

        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("__Host-certauth-ts-signin=;", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("__Host-certauth-ts-logout=;", StringComparison.Ordinal));

        // Both of alice's sign-ins end (every node reads the store); bob's does not.
        OAuthFlow.AssertError(await _host.RefreshAsync(first), "invalid_grant", "CAT700086");
        OAuthFlow.AssertError(await _host.RefreshAsync(second), "invalid_grant", "CAT700086");
        Assert.Equal(HttpStatusCode.OK, (await _host.RefreshAsync(bob)).Status);

        var logged = Assert.Single(_host.Logs.Entries, e => e.EventId == 3110);
        Assert.Contains(request.Id, logged.Message, StringComparison.Ordinal);
        Assert.Contains("2 refresh families", logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(first, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASessionIndex_LimitsTheLogout_ToThatSignIn()
    {
        var first = await SignInAsync(Alice);
        using var otherBrowser = _host.NewBrowser(); // a sign-in of this browser would end by its session cookie (cleanup)
        var second = await SignInAsync(Alice, otherBrowser);
        var store = _host.Services.GetRequiredService<IRefreshTokenStore>();
        var firstIndex = (await store.FindByHashAsync(OpaqueTokens.Hash(first)))!.FederationSessionIndex!;

        var request = NewRequest(Alice);
        request.SessionIndexes.Add(firstIndex);
        using var response = await _host.Client.GetAsync(Redirect(request, _host.Federation.SigningCertificate));

        Assert.Equal(SamlStatusCodes.Success, ReadAnswer(response).Answer.Status.StatusCode);
        OAuthFlow.AssertError(await _host.RefreshAsync(first), "invalid_grant", "CAT700086");
        Assert.Equal(HttpStatusCode.OK, (await _host.RefreshAsync(second)).Status);

        // A request for a principal without a session here is answered Success too, and changes nothing.
        using var nobody = await _host.Client.GetAsync(Redirect(NewRequest("nobody@contoso.com"), _host.Federation.SigningCertificate));
        Assert.Equal(SamlStatusCodes.Success, ReadAnswer(nobody).Answer.Status.StatusCode);
    }

    [Fact]
    public async Task SignedPostLogoutRequest_ByExactReference_RevokesAndAnswersOverRedirect()
    {
        var refresh = await SignInAsync(Alice);
        var request = NewRequest(Alice);

        using var response = await PostAsync(Posted(request, _host.Federation.SigningCertificate), "_fs-post");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (answer, rawQuery, relayState) = ReadAnswer(response);
        Assert.Equal(SamlStatusCodes.Success, answer.Status.StatusCode);
        Assert.Equal(request.Id, answer.InResponseTo);
        Assert.Equal("_fs-post", relayState);
        new SignatureVerifier().VerifyRedirectSignature(rawQuery, [RequestSigningPublic]).Valid();
        OAuthFlow.AssertError(await _host.RefreshAsync(refresh), "invalid_grant", "CAT700086");
    }

    [Fact]
    public async Task UnreadableOrUnauthenticatedRequests_Get400WithTheirCode_NoAnswer_AndRevokeNothing()
    {
        var refresh = await SignInAsync(Alice);
        var now = _host.Clock.GetUtcNow();
        using var foreignKey = CertificateFactory.CreateTokenSigning("CN=Someone Else", now.AddDays(-1), now.AddYears(1));

        var redirects = new (string Url, string Code)[]
        {
            (Redirect(NewRequest(Alice), foreignKey), "CAT50006"),                                                 // a key the trust does not have
            (Redirect(NewRequest(Alice), null), "CAT50006"),                                                       // unsigned
            (Sha1Redirect(NewRequest(Alice)), "CAT50006"),                                                         // SHA-1 (a valid RSA-SHA1 query signature)
            (Redirect(NewRequest(Alice, issuer: "https://other.test/"), _host.Federation.SigningCertificate), "CAT50107"),    // unknown issuer
            (Redirect(NewRequest(Alice, issuer: null), _host.Federation.SigningCertificate), "CAT50107"),                      // no issuer
            ("/oauth2/logout/callback?SAMLRequest=%%%", "CAT50008"),                                               // not base64/deflate
            (TamperedRedirect(NewRequest(Alice)), "CAT50006"),                                                     // signed octets changed
        };
        foreach (var (url, code) in redirects)
        {
            using var response = await _host.Client.GetAsync(url);
            await AssertRefusedAsync(response, code);
        }

        var posts = new (Func<HttpContent> Form, string Code)[]
        {
            (() => Form(Posted(NewRequest(Alice), foreignKey)), "CAT50006"),
            (() => Form(Posted(NewRequest(Alice), null)), "CAT50006"),                                              // unsigned
            (() => Form(Posted(NewRequest(Alice), _host.Federation.SigningCertificate, rewriteId: true)), "CAT50006"), // reference names another element
            (() => Form(Posted(NewRequest(Alice), _host.Federation.SigningCertificate, sha1: true)), "CAT50006"),    // SHA-1
            (() => Form(Convert.ToBase64String("<not-xml"u8.ToArray())), "CAT50008"),
            (() => new FormUrlEncodedContent([new("SAMLRequest", "a"), new("SAMLRequest", "b")]), "CAT900"),         // repeated
        };
        foreach (var (form, code) in posts)
        {
            using var content = form();
            using var response = await _host.Client.PostAsync("/oauth2/logout/callback", content);
            await AssertRefusedAsync(response, code);
        }

        Assert.Equal(HttpStatusCode.OK, (await _host.RefreshAsync(refresh)).Status);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.EventId == 3110);
        Assert.Contains(_host.Logs.Entries, e => e.EventId == 3111 && e.Message.Contains("not answered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthenticatedButRefusedRequests_AreAnsweredRequestDenied_WithTheirCode_AndRevokeNothing()
    {
        var now = _host.Clock.GetUtcNow();
        var cases = new (LogoutRequest Request, string Code)[]
        {
            (NewRequest(Alice, destination: "https://elsewhere.test/slo"), "CAT50010"),                              // wrong Destination
            (NewRequest(Alice, issueInstant: now.AddMinutes(-16)), "CAT50133"),                                      // too old (10 min window + 5 min skew)
            (NewRequest(Alice, issueInstant: now.AddMinutes(-1), notOnOrAfter: now.AddMinutes(-5).AddSeconds(-1)), "CAT50133"), // NotOnOrAfter passed
            (NewRequest(Alice, issueInstant: now.AddMinutes(6)), "CAT50133"),                                        // from the future
        };
        var refresh = await SignInAsync(Alice);
        foreach (var (request, code) in cases)
        {
            using var response = await _host.Client.GetAsync(Redirect(request, _host.Federation.SigningCertificate, relayState: "_rs"));
            AssertDenied(response, request, code);
        }

        Assert.Equal(HttpStatusCode.OK, (await _host.RefreshAsync(refresh)).Status);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.EventId == 3110);
    }

    [Fact]
    public async Task AReplayedRequestId_IsRefused_InTheStoreSharedByEveryNode_AndRevokesNothing()
    {
        var before = await SignInAsync(Alice);
        var request = NewRequest(Alice);
        var url = Redirect(request, _host.Federation.SigningCertificate, relayState: "_rs");
        using (var first = await _host.Client.GetAsync(url))
        {
            Assert.Equal(SamlStatusCodes.Success, ReadAnswer(first).Answer.Status.StatusCode);
        }

        OAuthFlow.AssertError(await _host.RefreshAsync(before), "invalid_grant", "CAT700086");

        // alice signs in again; the captured request played again must not end the new sign-in.
        var after = await SignInAsync(Alice);
        using (var replay = await _host.Client.GetAsync(url))
        {
            AssertDenied(replay, request, "CAT50132");
        }

        // The same ID over the other binding is the same request.
        using (var posted = await PostAsync(Posted(request, _host.Federation.SigningCertificate), "_rs"))
        {
            AssertDenied(posted, request, "CAT50132");
        }

        Assert.Equal(HttpStatusCode.OK, (await _host.RefreshAsync(after)).Status);

        // The ID is in the database's replay table, under its own key namespace: another node's insert loses too.
        var replayStore = _host.Services.GetRequiredService<IAssertionReplayStore>();
        Assert.False(replayStore.TryAdd(FederationLogoutHandler.ReplayKey(TokenServiceHost.FederationEntityId, request.Id), _host.Clock.GetUtcNow().AddHours(1)));
        Assert.True(replayStore.TryAdd(request.Id, _host.Clock.GetUtcNow().AddHours(1)));
    }

    private async Task<string> SignInAsync(string upn, HttpClient? browser = null) =>
        (await _host.SignInAndRedeemAsync(null, upn, browser: browser)).GetProperty("refresh_token").GetString()!;

    private LogoutRequest NewRequest(
        string nameId, string? issuer = TokenServiceHost.FederationEntityId, string? destination = null, DateTimeOffset? issueInstant = null, DateTimeOffset? notOnOrAfter = null)
    {
        var now = _host.Clock.GetUtcNow();
        return new LogoutRequest
        {
            Id = "_fs" + Guid.NewGuid().ToString("N"),
            IssueInstant = issueInstant ?? now,
            Destination = destination ?? CallbackUrl,
            Issuer = issuer,
            NotOnOrAfter = notOnOrAfter ?? (issueInstant ?? now).AddMinutes(5),
            Reason = "urn:oasis:names:tc:SAML:2.0:logout:user",
            NameId = new Protocols.Saml.NameId { Value = nameId, Format = Protocols.Saml.NameIdFormats.Unspecified },
        };
    }

    /// <summary>The callback path and query carrying <paramref name="request"/> over HTTP-Redirect, the query signed with <paramref name="key"/> when given.</summary>
    private string Redirect(LogoutRequest request, X509Certificate2? key, string? relayState = null) =>
        new Uri(new HttpRedirectBinding().BuildRedirectUrl(CallbackUrl, "SAMLRequest", new LogoutMessageWriter().Write(request), relayState, key)).PathAndQuery;

    /// <summary>The query signed correctly with RSA-SHA1 by the trust's key (our binding refuses to make one).</summary>
    private string Sha1Redirect(LogoutRequest request)
    {
        var query = new HttpRedirectBinding().EncodeQueryString("SAMLRequest", new LogoutMessageWriter().Write(request))
            + "&SigAlg=" + Uri.EscapeDataString(SignatureAlgorithms.RsaSha1);
        using var rsa = _host.Federation.SigningCertificate.GetRSAPrivateKey()!;
        var signature = rsa.SignData(System.Text.Encoding.UTF8.GetBytes(query), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        return "/oauth2/logout/callback?" + query + "&Signature=" + Uri.EscapeDataString(Convert.ToBase64String(signature));
    }

    /// <summary>A correctly signed query whose RelayState is changed afterwards (the signed octets no longer match).</summary>
    private string TamperedRedirect(LogoutRequest request) =>
        Redirect(request, _host.Federation.SigningCertificate, relayState: "_a").Replace("RelayState=_a", "RelayState=_b", StringComparison.Ordinal);

    /// <summary><paramref name="request"/> for HTTP-POST (base64), with an enveloped signature by <paramref name="key"/> when given.</summary>
    private static string Posted(LogoutRequest request, X509Certificate2? key, bool rewriteId = false, bool sha1 = false)
    {
        var document = new LogoutMessageWriter().Write(request);
        if (key is not null)
        {
            if (sha1)
            {
                // Our signer refuses SHA-1; .NET's SignedXml makes a real, valid RSA-SHA1/SHA-1 enveloped signature by exact reference.
                var signed = new SignedXml(document) { SigningKey = key.GetRSAPrivateKey() };
                signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
                signed.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA1Url;
                var reference = new Reference("#" + request.Id) { DigestMethod = SignedXml.XmlDsigSHA1Url };
                reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
                reference.AddTransform(new XmlDsigExcC14NTransform());
                signed.AddReference(reference);
                signed.ComputeSignature();
                document.DocumentElement!.AppendChild(document.ImportNode(signed.GetXml(), deep: true));
            }
            else
            {
                new XmlSigner().Sign(document.DocumentElement!, key);
            }
        }

        if (rewriteId)
        {
            document.DocumentElement!.SetAttribute("ID", "_other" + Guid.NewGuid().ToString("N"));
        }

        return new HttpPostBinding().Encode(document);
    }

    private static FormUrlEncodedContent Form(string samlRequest, string? relayState = null) => new(
        relayState is null ? [new("SAMLRequest", samlRequest)] : [new("SAMLRequest", samlRequest), new("RelayState", relayState)]);

    private async Task<HttpResponseMessage> PostAsync(string samlRequest, string? relayState)
    {
        using var form = Form(samlRequest, relayState);
        return await _host.Client.PostAsync("/oauth2/logout/callback", form);
    }

    /// <summary>The LogoutResponse in the Location (to the federation server's sign-on endpoint), its raw query and RelayState.</summary>
    private static (LogoutResponse Answer, string RawQuery, string? RelayState) ReadAnswer(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(TokenServiceHost.FederationSsoUrl + "?SAMLResponse=", location.AbsoluteUri, StringComparison.Ordinal);
        var rawQuery = location.Query.TrimStart('?');
        var message = new HttpRedirectBinding().Decode(rawQuery).Valid();
        return (new LogoutMessageReader().ReadResponse(new SafeXmlLoader().Load(message.Xml).Valid()).Valid(), rawQuery, message.RelayState);
    }

    private void AssertDenied(HttpResponseMessage response, LogoutRequest request, string code)
    {
        var (answer, rawQuery, relayState) = ReadAnswer(response);
        Assert.Equal(request.Id, answer.InResponseTo);
        Assert.Equal(SamlStatusCodes.Requester, answer.Status.StatusCode);
        Assert.Equal(SamlStatusCodes.RequestDenied, answer.Status.SecondLevelStatusCode);
        Assert.StartsWith(code + ":", answer.Status.StatusMessage, StringComparison.Ordinal);
        Assert.Equal("_rs", relayState);
        new SignatureVerifier().VerifyRedirectSignature(rawQuery, [RequestSigningPublic]).Valid();
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out _), "a refused LogoutRequest must not clear the browser's cookies");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{code}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 1500)]}");
        Assert.Contains(code, body, StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain("SAMLResponse", body, StringComparison.Ordinal);
    }
}
