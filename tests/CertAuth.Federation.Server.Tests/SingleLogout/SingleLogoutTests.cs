using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using AngleSharp.Html.Parser;
using CertAuth.Federation.Administration.RelyingParties;
using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Sessions;
using CertAuth.Federation.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Tests.SingleLogout;

/// <summary>
/// SAML 2.0 single logout (issue 14 item 4) and the WS-Federation sign-out of every party (item 3), through the real
/// server over TLS: parties signed in with alice's certificate, then an RP-initiated LogoutRequest over HTTP-Redirect or
/// HTTP-POST; the other SAML party receives a signed LogoutRequest naming its NameID and SessionIndex, the WS-Federation
/// party is cleaned up with <c>wsignoutcleanup1.0</c>, the initiator gets a signed LogoutResponse, the cookie is gone.
/// </summary>
public sealed class SingleLogoutTests(SingleLogoutServerHarness server) : IClassFixture<SingleLogoutServerHarness>
{
    private readonly LogoutMessageWriter _writer = new();
    private readonly LogoutMessageReader _reader = new();
    private readonly HttpRedirectBinding _redirect = new();
    private readonly HttpPostBinding _post = new();

    [Fact]
    public async Task RedirectInitiatedLogout_LogsOutTheOtherSamlPartyOverPost_CleansUpWsFed_AnswersTheInitiator_AndClearsTheSession()
    {
        using var browser = new CookieBrowser(server, server.Pki.Alice);
        var redirectSignIn = await browser.SignInAsync(SingleLogoutServerHarness.RedirectRp);
        var postSignIn = await browser.SignInAsync(SingleLogoutServerHarness.PostRp);
        await browser.SignInWsFedAsync(SingleLogoutServerHarness.WsFedRealm);
        Assert.Equal(3, server.Services.GetRequiredService<FederationSessionCookie>().Unprotect(browser.Cookie(FederationSessionCookie.Name))!.Parties.Count);

        // The redirect party logs out: signed over HTTP-Redirect with its registered key.
        var request = LogoutRequestFrom(SingleLogoutServerHarness.RedirectRp, redirectSignIn);
        var query = _redirect.EncodeQueryString("SAMLRequest", _writer.Write(request), "rp-state", server.RequestSigner);
        using var first = await browser.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/?" + query));
        Assert.False(browser.Has(FederationSessionCookie.Name));

        // The POST party receives our signed LogoutRequest with its own NameID and SessionIndex.
        var toPost = await SignInPage.ReadAsync(first);
        Assert.Equal(SingleLogoutServerHarness.PostSlo, toPost.FormAction);
        var sent = Decode(toPost.Fields["SAMLRequest"]);
        new SignatureVerifier().Verify(sent.DocumentElement!, [server.Pki.TokenSigning]).Valid();
        var (xmlsecExit, xmlsecOutput) = await XmlSec1.VerifyAsync(sent.OuterXml, server.Pki.TokenSigning.ExportCertificatePem(), "urn:oasis:names:tc:SAML:2.0:protocol:LogoutRequest");
        Assert.True(xmlsecExit == 0, "xmlsec1 refused our LogoutRequest: " + xmlsecOutput);
        var sentRequest = _reader.ReadRequest(sent).Valid();
        Assert.Equal(SamlXml.Value(postSignIn, "//saml:Subject/saml:NameID"), sentRequest.NameId.Value);
        Assert.Equal([SamlXml.Value(postSignIn, "//saml:AuthnStatement/@SessionIndex")!], sentRequest.SessionIndexes);
        Assert.Equal(SingleLogoutServerHarness.PostSlo, sentRequest.Destination);
        Assert.Equal(new Uri(server.PublicUrl, "/adfs/services/trust").AbsoluteUri, sentRequest.Issuer);

        // It answers Success over HTTP-POST, signed; the server then shows the WS-Fed cleanup and continues to the initiator.
        var answer = _writer.Write(new LogoutResponse
        {
            Id = "_answer-" + Guid.NewGuid().ToString("N"), InResponseTo = sentRequest.Id, IssueInstant = server.Clock.GetUtcNow(),
            Destination = new Uri(server.PublicUrl, "/adfs/ls/").AbsoluteUri, Issuer = SingleLogoutServerHarness.PostRp,
            Status = new SamlStatus { StatusCode = SamlStatusCodes.Success },
        });
        new XmlSigner().Sign(answer.DocumentElement!, server.RequestSigner);
        using var second = await browser.PostAsync(new Uri(server.PublicUrl, "/adfs/ls/"), new Dictionary<string, string> { ["SAMLResponse"] = _post.Encode(answer), ["RelayState"] = toPost.Fields["RelayState"] });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = new HtmlParser().ParseDocument(await second.Content.ReadAsStringAsync());
        Assert.Equal([SingleLogoutServerHarness.WsFedReply + "?wa=wsignoutcleanup1.0"], page.QuerySelectorAll("#signout-cleanup img").Select(i => i.GetAttribute("src")));
        Assert.Contains("https://wsfed-rp.test", second.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var toInitiator = page.QuerySelector("a#signout-continue")!.GetAttribute("href")!;
        Assert.StartsWith(SingleLogoutServerHarness.RedirectSlo + "?SAMLResponse=", toInitiator, StringComparison.Ordinal);
        Assert.False(browser.Has(LogoutStateCookie.Name));

        // The initiator's LogoutResponse: signed query string, Success, InResponseTo = its request, RelayState back.
        var rawQuery = new Uri(toInitiator).Query;
        new SignatureVerifier().VerifyRedirectSignature(rawQuery, [server.Pki.TokenSigning]).Valid();
        var decoded = _redirect.Decode(rawQuery).Valid();
        Assert.Equal("rp-state", decoded.RelayState);
        var response = _reader.ReadResponse(new SafeXmlLoader().Load(decoded.Xml).Valid()).Valid();
        Assert.Equal(request.Id, response.InResponseTo);
        Assert.Equal(SamlStatusCodes.Success, response.Status.StatusCode);
        Assert.Null(response.Status.SecondLevelStatusCode);

        // A later logout finds no session: UnknownPrincipal, nobody else is sent anything.
        var again = LogoutRequestFrom(SingleLogoutServerHarness.RedirectRp, redirectSignIn);
        using var later = await browser.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/?" + _redirect.EncodeQueryString("SAMLRequest", _writer.Write(again), null, server.RequestSigner)));
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        var laterResponse = _reader.ReadResponse(new SafeXmlLoader().Load(_redirect.Decode(later.Headers.Location!.Query).Valid().Xml).Valid()).Valid();
        Assert.Equal(again.Id, laterResponse.InResponseTo);
        Assert.Equal(SamlStatusCodes.UnknownPrincipal, laterResponse.Status.SecondLevelStatusCode);
    }

    [Fact]
    public async Task PostInitiatedLogout_SendsTheRedirectPartyASignedRequest_AndAPartyThatDoesNotAnswer_GivesPartialLogout()
    {
        using var browser = new CookieBrowser(server, server.Pki.Alice);
        var redirectSignIn = await browser.SignInAsync(SingleLogoutServerHarness.RedirectRp);
        var postSignIn = await browser.SignInAsync(SingleLogoutServerHarness.PostRp);

        var request = LogoutRequestFrom(SingleLogoutServerHarness.PostRp, postSignIn);
        var document = _writer.Write(request);
        new XmlSigner().Sign(document.DocumentElement!, server.RequestSigner);
        using var first = await browser.PostAsync(new Uri(server.PublicUrl, "/adfs/ls/"), new Dictionary<string, string> { ["SAMLRequest"] = _post.Encode(document), ["RelayState"] = "post-state" });

        // The redirect party gets a LogoutRequest signed over the exact query octets, with its NameID and SessionIndex.
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var location = first.Headers.Location!;
        Assert.Equal(SingleLogoutServerHarness.RedirectSlo, location.GetLeftPart(UriPartial.Path));
        new SignatureVerifier().VerifyRedirectSignature(location.Query, [server.Pki.TokenSigning]).Valid();
        var sent = _reader.ReadRequest(new SafeXmlLoader().Load(_redirect.Decode(location.Query).Valid().Xml).Valid()).Valid();
        Assert.Equal("alice@contoso.com", sent.NameId.Value);
        Assert.Equal([SamlXml.Value(redirectSignIn, "//saml:AuthnStatement/@SessionIndex")!], sent.SessionIndexes);

        // It never answers: the continue link moves on, and the initiator hears PartialLogout (over its POST binding).
        using var continued = await browser.GetAsync(new Uri(server.PublicUrl, SingleLogoutHandler.ContinuePath));
        var toInitiator = await SignInPage.ReadAsync(continued);
        Assert.Equal(SingleLogoutServerHarness.PostSlo, toInitiator.FormAction);
        Assert.Equal("post-state", toInitiator.Fields["RelayState"]);
        var answer = Decode(toInitiator.Fields["SAMLResponse"]);
        var (xmlsecExit, xmlsecOutput) = await XmlSec1.VerifyAsync(answer.OuterXml, server.Pki.TokenSigning.ExportCertificatePem(), "urn:oasis:names:tc:SAML:2.0:protocol:LogoutResponse");
        Assert.True(xmlsecExit == 0, "xmlsec1 refused our LogoutResponse: " + xmlsecOutput);
        var response = _reader.ReadResponse(answer).Valid();
        Assert.Equal(request.Id, response.InResponseTo);
        Assert.Equal(SamlStatusCodes.PartialLogout, response.Status.SecondLevelStatusCode);
        Assert.False(browser.Has(FederationSessionCookie.Name));
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { "unsigned", "CAF1212" },
        { "wrong-key", "CAF1212" },
        { "sha1", "CAF1212" },
        { "post-tampered", "CAF1212" },
        { "unknown-issuer", "CAF1211" },
        { "no-slo-registered", "CAF1211" },
        { "expired-issue-instant", "CAF1213" },
        { "not-on-or-after-passed", "CAF1213" },
        { "wrong-destination", "CAF1214" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task BadLogoutRequests_GetThemedPagesWithStableCodes_NeverA500(string kind, string code)
    {
        using var browser = new CookieBrowser(server, server.Pki.Alice);
        var signIn = await browser.SignInAsync(SingleLogoutServerHarness.RedirectRp);
        var now = server.Clock.GetUtcNow();
        var issuer = kind switch { "unknown-issuer" => "urn:test:nobody", "no-slo-registered" => FederationServerHarness.SignedRelyingPartyId, _ => SingleLogoutServerHarness.RedirectRp };
        var request = LogoutRequestFrom(issuer, signIn);
        request.IssueInstant = kind == "expired-issue-instant" ? now.AddHours(-1) : now;
        request.NotOnOrAfter = kind == "not-on-or-after-passed" ? now.AddMinutes(-10) : now.AddMinutes(5);
        request.Destination = kind == "wrong-destination" ? "https://elsewhere.test/adfs/ls/" : request.Destination;

        HttpResponseMessage response;
        if (kind == "post-tampered")
        {
            var document = _writer.Write(request);
            new XmlSigner().Sign(document.DocumentElement!, server.RequestSigner);
            var tampered = new SafeXmlLoader().Load(document.OuterXml.Replace("alice@contoso.com", "bob@contoso.com", StringComparison.Ordinal)).Valid();
            response = await browser.PostAsync(new Uri(server.PublicUrl, "/adfs/ls/"), new Dictionary<string, string> { ["SAMLRequest"] = _post.Encode(tampered) });
        }
        else
        {
            var query = kind switch
            {
                "unsigned" => _redirect.EncodeQueryString("SAMLRequest", _writer.Write(request)),
                "wrong-key" => _redirect.EncodeQueryString("SAMLRequest", _writer.Write(request), null, server.Pki.TokenSigning),
                "sha1" => Sha1Signed(_redirect.EncodeQueryString("SAMLRequest", _writer.Write(request))),
                _ => _redirect.EncodeQueryString("SAMLRequest", _writer.Write(request), null, server.RequestSigner),
            };
            response = await browser.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/?" + query));
        }

        using (response)
        {
            var page = await SignInPage.ReadAsync(response);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(code, page.ErrorCode);
            Assert.Null(page.FormAction);
        }

        // A refused request leaves the session alone.
        Assert.True(browser.Has(FederationSessionCookie.Name));
    }

    [Fact]
    public async Task ReplayedLogoutRequest_IsRefused_WithTheStaleCode()
    {
        using var browser = new CookieBrowser(server, server.Pki.Alice);
        var signIn = await browser.SignInAsync(SingleLogoutServerHarness.RedirectRp);
        var url = new Uri(server.PublicUrl, "/adfs/ls/?" + _redirect.EncodeQueryString("SAMLRequest", _writer.Write(LogoutRequestFrom(SingleLogoutServerHarness.RedirectRp, signIn)), null, server.RequestSigner));

        using var first = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var replayed = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal("CAF1213", (await SignInPage.ReadAsync(replayed)).ErrorCode);

        // A LogoutResponse with no logout in progress is refused too (no 500).
        using var stray = await browser.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/?SAMLResponse=not-base64!&RelayState=x"));
        Assert.Equal(HttpStatusCode.BadRequest, stray.StatusCode);
        Assert.Equal("CAF1214", (await SignInPage.ReadAsync(stray)).ErrorCode);
    }

    [Fact]
    public async Task WsSignOut_LogsOutTheSamlParty_CleansUpTheWsFedParty_AndWsSignOutCleanupClearsTheSession()
    {
        using var browser = new CookieBrowser(server, server.Pki.Alice);
        await browser.SignInAsync(SingleLogoutServerHarness.RedirectRp);
        await browser.SignInWsFedAsync(SingleLogoutServerHarness.WsFedRealm);

        // IdP-initiated sign-out without wreply: the SAML party gets a LogoutRequest first.
        using var first = await browser.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/?wa=wsignout1.0"));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.False(browser.Has(FederationSessionCookie.Name));
        var sent = _reader.ReadRequest(new SafeXmlLoader().Load(_redirect.Decode(first.Headers.Location!.Query).Valid().Xml).Valid()).Valid();
        var relayState = _redirect.Decode(first.Headers.Location!.Query).Valid().RelayState!;

        var answer = _writer.Write(new LogoutResponse
        {
            Id = "_answer-" + Guid.NewGuid().ToString("N"), InResponseTo = sent.Id, IssueInstant = server.Clock.GetUtcNow(),
            Issuer = SingleLogoutServerHarness.RedirectRp, Status = new SamlStatus { StatusCode = SamlStatusCodes.Success },
        });
        using var signedOut = await browser.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/?" + _redirect.EncodeQueryString("SAMLResponse", answer, relayState, server.RequestSigner)));
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        var page = new HtmlParser().ParseDocument(await signedOut.Content.ReadAsStringAsync());
        Assert.Equal([SingleLogoutServerHarness.WsFedReply + "?wa=wsignoutcleanup1.0"], page.QuerySelectorAll("#signout-cleanup img").Select(i => i.GetAttribute("src")));
        Assert.Null(page.QuerySelector("#signout-continue"));

        // wsignoutcleanup1.0 received: the session here is cleared.
        await browser.SignInWsFedAsync(SingleLogoutServerHarness.WsFedRealm);
        Assert.True(browser.Has(FederationSessionCookie.Name));
        using var cleanup = await browser.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/?wa=wsignoutcleanup1.0"));
        Assert.Equal(HttpStatusCode.OK, cleanup.StatusCode);
        Assert.False(browser.Has(FederationSessionCookie.Name));
    }

    [Fact]
    public async Task Metadata_AdvertisesSingleLogoutService_BothBindings_StillSigned()
    {
        using var client = server.CreateClient();
        var xml = await client.GetStringAsync(new Uri(server.PublicUrl, "/FederationMetadata/2007-06/FederationMetadata.xml"));
        var metadata = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        metadata.LoadXml(xml);
        var ns = SamlXml.Namespaces(metadata);
        var slo = metadata.SelectNodes("//md:IDPSSODescriptor/md:SingleLogoutService", ns)!.Cast<XmlElement>().Select(e => (e.GetAttribute("Binding"), e.GetAttribute("Location"))).ToList();
        var endpoint = new Uri(server.PublicUrl, "/adfs/ls/").AbsoluteUri;
        Assert.Equal([(SamlBindingUris.HttpRedirect, endpoint), (SamlBindingUris.HttpPost, endpoint)], slo);
        new SignatureVerifier().Verify(metadata.DocumentElement!, [server.Pki.TokenSigning]).Valid();
        var (exitCode, output) = await XmlSec1.VerifyAsync(xml, server.Pki.TokenSigning.ExportCertificatePem(), "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor");
        Assert.True(exitCode == 0, "xmlsec1 refused the metadata signature: " + output);
    }

    [Fact]
    public async Task Administration_SingleLogoutServiceRules_AndMetadataImport()
    {
        var manager = server.Services.GetRequiredService<RelyingPartyManager>();
        var insecure = await manager.SetAsync(FederationServerHarness.RelyingPartyId, new RelyingPartyChanges { SingleLogoutServiceUrl = "http://rp.test/slo" }, "test", CancellationToken.None);
        Assert.Equal("CAA1011", insecure.Error!.Code);
        var relative = await manager.SetAsync(FederationServerHarness.RelyingPartyId, new RelyingPartyChanges { SingleLogoutServiceUrl = "/slo" }, "test", CancellationToken.None);
        Assert.Equal("CAA1010", relative.Error!.Code);
        var binding = await manager.SetAsync(FederationServerHarness.RelyingPartyId, new RelyingPartyChanges { SingleLogoutServiceUrl = "https://rp.test/slo", SingleLogoutServiceBinding = "artifact" }, "test", CancellationToken.None);
        Assert.Equal("CAA1031", binding.Error!.Code);
        var wsFed = await manager.SetAsync(SingleLogoutServerHarness.WsFedRealm, new RelyingPartyChanges { SingleLogoutServiceUrl = "https://wsfed-rp.test/slo" }, "test", CancellationToken.None);
        Assert.Equal("CAA1031", wsFed.Error!.Code);

        var set = await manager.SetAsync(FederationServerHarness.RelyingPartyId, new RelyingPartyChanges { SingleLogoutServiceUrl = "https://rp.test/slo", SingleLogoutServiceBinding = "post" }, "test", CancellationToken.None);
        Assert.True(set.Succeeded, set.Error?.Message);
        Assert.Equal(SamlBindingUris.HttpPost, set.Value!.Record.SingleLogoutServiceBinding);
        Assert.Contains(set.Warnings, w => w.Contains("--signing-cert", StringComparison.Ordinal));
        var cleared = await manager.SetAsync(FederationServerHarness.RelyingPartyId, new RelyingPartyChanges { ClearSingleLogoutService = true }, "test", CancellationToken.None);
        Assert.Null(cleared.Value!.Record.SingleLogoutServiceUrl);

        var metadata = $"""
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="urn:test:slo-imported">
              <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="https://imported.test/soap"/>
                <md:SingleLogoutService Binding="{SamlBindingUris.HttpRedirect}" Location="https://imported.test/slo"/>
                <md:AssertionConsumerService Binding="{SamlBindingUris.HttpPost}" Location="https://imported.test/acs" index="0"/>
              </md:SPSSODescriptor>
            </md:EntityDescriptor>
            """;
        var imported = await manager.AddAsync(null, new RelyingPartyChanges { MetadataXml = metadata, MetadataSource = "test" }, "test", CancellationToken.None);
        Assert.True(imported.Succeeded, imported.Error?.Message);
        Assert.Equal("https://imported.test/slo", imported.Value!.Record.SingleLogoutServiceUrl);
        Assert.Equal(SamlBindingUris.HttpRedirect, imported.Value.Record.SingleLogoutServiceBinding);
    }

    private LogoutRequest LogoutRequestFrom(string issuer, XmlDocument signIn)
    {
        var request = new LogoutRequest
        {
            Id = "_logout-" + Guid.NewGuid().ToString("N"),
            IssueInstant = server.Clock.GetUtcNow(),
            Destination = new Uri(server.PublicUrl, "/adfs/ls/").AbsoluteUri,
            Issuer = issuer,
            NotOnOrAfter = server.Clock.GetUtcNow().AddMinutes(5),
            NameId = new NameId { Value = SamlXml.Value(signIn, "//saml:Subject/saml:NameID")!, Format = SamlXml.Value(signIn, "//saml:Subject/saml:NameID/@Format") },
        };
        request.SessionIndexes.Add(SamlXml.Value(signIn, "//saml:AuthnStatement/@SessionIndex")!);
        return request;
    }

    private string Sha1Signed(string unsignedQuery)
    {
        var query = unsignedQuery + "&SigAlg=" + Uri.EscapeDataString(SignatureAlgorithms.RsaSha1);
        using var rsa = server.RequestSigner.GetRSAPrivateKey()!;
        var signature = rsa.SignData(Encoding.UTF8.GetBytes(query), System.Security.Cryptography.HashAlgorithmName.SHA1, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        return query + "&Signature=" + Uri.EscapeDataString(Convert.ToBase64String(signature));
    }

    private static XmlDocument Decode(string base64)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
        return document;
    }
}

/// <summary>A browser for the federation server: keeps the session and logout cookies by hand (the test clients keep none).</summary>
internal sealed class CookieBrowser(FederationServerHarness server, X509Certificate2? certificate) : IDisposable
{
    private readonly HttpClient _client = server.CreateClient(certificate);
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public bool Has(string name) => _cookies.ContainsKey(name);

    public string? Cookie(string name) => _cookies.GetValueOrDefault(name);

    /// <summary>IdP-initiated SAML sign-in to <paramref name="entityId"/>; the posted Response.</summary>
    public async Task<XmlDocument> SignInAsync(string entityId)
    {
        using var response = await FollowAsync(new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(entityId)));
        return (await SignInPage.ReadAsync(response)).SamlResponse();
    }

    /// <summary>WS-Federation sign-in to <paramref name="realm"/>.</summary>
    public async Task SignInWsFedAsync(string realm)
    {
        using var response = await FollowAsync(new Uri(server.PublicUrl, "/adfs/ls/?wa=wsignin1.0&wtrealm=" + Uri.EscapeDataString(realm)));
        Assert.True((await SignInPage.ReadAsync(response)).Fields.ContainsKey("wresult"));
    }

    public Task<HttpResponseMessage> GetAsync(Uri url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public Task<HttpResponseMessage> PostAsync(Uri url, IDictionary<string, string> form) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) });

    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> FollowAsync(Uri url)
    {
        var response = await GetAsync(url);
        for (var hops = 0; hops < 5 && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found; hops++)
        {
            var next = new Uri(url, response.Headers.Location!);
            response.Dispose();
            response = await GetAsync(next);
            url = next;
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
            }

            var response = await _client.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
            {
                foreach (var header in values)
                {
                    var pair = header.Split(';')[0];
                    var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
                    var value = pair[(name.Length + 1)..];
                    var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || value.Length == 0;
                    if (expired)
                    {
                        _cookies.Remove(name);
                    }
                    else
                    {
                        _cookies[name] = value;
                    }
                }
            }

            return response;
        }
    }
}
