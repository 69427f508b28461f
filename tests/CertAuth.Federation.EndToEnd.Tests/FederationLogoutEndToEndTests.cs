using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Xml;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace CertAuth.Federation.EndToEnd.Tests;

/// <summary>
/// Logout begun at ANOTHER relying party, against our real federation server and token service on loopback TLS
/// (<see cref="LogoutFixture"/>: the token service registered with its callback as SingleLogoutService and its
/// request-signing certificate). alice signs in to the token service (code flow, SAML 2.0 trust) and to a SAML relying
/// party with a SingleLogoutService (<c>rp.test</c>: nothing listens there, the browser stops before it); that party's
/// signed LogoutRequest goes to <c>/adfs/ls/</c>; the federation server sends the token service a LogoutRequest, the
/// token service revokes the sign-in and answers with a signed LogoutResponse, and the chain ends at the party's
/// SingleLogoutService with <c>Success</c> (not <c>PartialLogout</c>) — nobody passes <c>/adfs/ls/logout/continue</c>.
/// </summary>
public sealed partial class FederationLogoutEndToEndTests(LogoutFixture server) : IClassFixture<LogoutFixture>
{
    private const string PartyHost = "rp.test";

    [Fact]
    public async Task LogoutFromAnotherSamlParty_ReachesTheTokenService_WhichAnswers_AndTheChainEndsWithSuccess()
    {
        var now = server.Clock.GetUtcNow();
        using var partyKey = CertificateFactory.CreateTokenSigning("CN=SAML Party Request Signing", now.AddDays(-1), now.AddYears(1));
        var partyId = "https://" + PartyHost + "/" + Guid.NewGuid().ToString("N");
        var partySlo = "https://" + PartyHost + "/slo";
        await server.RegisterRelyingPartyAsync(partyId, "https://" + PartyHost + "/acs", rp =>
        {
            rp.SingleLogoutServiceUrl = partySlo;
            rp.SingleLogoutServiceBinding = SamlBindingUris.HttpRedirect;
            rp.RequestSigningCertificate = X509CertificateLoader.LoadCertificate(partyKey.RawData).RawData;
        });

        var cookies = new CookieContainer();
        using var browser = server.Browser(server.Alice, cookies);

        // 1. The token service (code flow through the federation server), 2. the SAML party (IdP-initiated).
        var refresh = await SignInToTheTokenServiceAsync(browser);
        var (acs, page) = await browser.WalkAsync(
            new Uri(server.PublicUrl, "adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(partyId)), u => u.Host == PartyHost);
        Assert.True(acs.AbsoluteUri == "https://" + PartyHost + "/acs", $"{acs} {page?[..Math.Min(page.Length, 1500)]}");
        var assertion = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        assertion.LoadXml(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(WebUtility.HtmlDecode(SamlResponseField().Match(page!).Groups["value"].Value))));
        var names = new XmlNamespaceManager(assertion.NameTable);
        names.AddNamespace("saml", SamlNamespaces.Assertion);
        var nameId = (XmlElement)assertion.SelectSingleNode("//saml:Assertion/saml:Subject/saml:NameID", names)!;
        var sessionIndex = assertion.SelectSingleNode("//saml:AuthnStatement/@SessionIndex", names)!.Value!;

        // 3. The party's signed LogoutRequest (HTTP-Redirect) to the federation server.
        var request = new LogoutRequest
        {
            Id = "_rp" + Guid.NewGuid().ToString("N"),
            IssueInstant = server.Clock.GetUtcNow(),
            Destination = server.SingleSignOnUrl.AbsoluteUri,
            Issuer = partyId,
            NotOnOrAfter = server.Clock.GetUtcNow().AddMinutes(5),
            NameId = new NameId { Value = nameId.InnerText, Format = nameId.GetAttribute("Format") is { Length: > 0 } f ? f : null },
        };
        request.SessionIndexes.Add(sessionIndex);
        var logout = new HttpRedirectBinding().BuildRedirectUrl(server.SingleSignOnUrl.AbsoluteUri, "SAMLRequest", new LogoutMessageWriter().Write(request), "rp-relay-7", partyKey);
        browser.Requested.Clear();
        var (landed, body) = await browser.WalkAsync(new Uri(logout), u => u.Host == PartyHost);

        // The chain went through the token service, which answered; nobody had to continue past it.
        var trail = string.Join('\n', browser.Requested);
        Assert.True(landed.GetLeftPart(UriPartial.Path) == partySlo, $"{landed} {body?[..Math.Min(body.Length, 1500)]}\n{trail}");
        Assert.Contains(browser.Requested, r => r.StartsWith("GET " + server.LogoutCallbackUrl + "?SAMLRequest=", StringComparison.Ordinal));
        Assert.Contains(browser.Requested, r => r.StartsWith("GET " + server.SingleSignOnUrl.AbsoluteUri + "?SAMLResponse=", StringComparison.Ordinal));
        Assert.DoesNotContain(browser.Requested, r => r.Contains("/adfs/ls/logout/continue", StringComparison.Ordinal));

        // The party's answer: Success without PartialLogout, for its request, its RelayState, signed by the federation server.
        var rawQuery = landed.Query.TrimStart('?');
        new SignatureVerifier().VerifyRedirectSignature(rawQuery, [server.TokenSigningCertificate]).Valid();
        var message = new HttpRedirectBinding().Decode(rawQuery).Valid();
        var answer = new LogoutMessageReader().ReadResponse(new SafeXmlLoader().Load(message.Xml).Valid()).Valid();
        Assert.Equal(request.Id, answer.InResponseTo);
        Assert.Equal("rp-relay-7", message.RelayState);
        Assert.True(answer.Status.StatusCode == SamlStatusCodes.Success && answer.Status.SecondLevelStatusCode is null,
            $"{answer.Status.StatusCode} / {answer.Status.SecondLevelStatusCode}: {answer.Status.StatusMessage}\n{trail}");

        // The token service ended the sign-in in its store: the refresh token is refused.
        var refused = await server.RefreshAsync(refresh);
        Assert.Equal("invalid_grant", refused.Error);
        Assert.Null(cookies.GetCookies(new Uri(server.PublicUrl, "adfs/ls/")).FirstOrDefault(c => c.Name == "CertAuthFedSession" && !c.Expired));
    }

    private async Task<string> SignInToTheTokenServiceAsync(WalkingBrowser browser)
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var authorize = QueryHelpers.AddQueryString(server.AuthorizationEndpoint.AbsoluteUri, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = TokenServiceFixture.PublicClientId,
            ["redirect_uri"] = TokenServiceFixture.RedirectUri,
            ["scope"] = "openid profile offline_access",
            ["state"] = "s1",
            ["code_challenge"] = WebEncoders.Base64UrlEncode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        });
        var (landed, body) = await browser.WalkAsync(new Uri(authorize), u => u.Host == "client.test");
        var query = QueryHelpers.ParseQuery(landed.Query);
        Assert.True(query.ContainsKey("code"), $"{landed} {body?[..Math.Min(body.Length, 1500)]}");
        using var client = server.CreateClient();
        using var response = await client.PostAsync(server.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = TokenServiceFixture.PublicClientId,
            ["redirect_uri"] = TokenServiceFixture.RedirectUri,
            ["code"] = query["code"].ToString(),
            ["code_verifier"] = verifier,
        }));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json);
        using var tokens = System.Text.Json.JsonDocument.Parse(json);
        var refresh = tokens.RootElement.GetProperty("refresh_token").GetString()!;
        var refreshed = await server.RefreshAsync(refresh);
        Assert.True(refreshed.Succeeded, refreshed.Json);
        return refreshed.RefreshToken ?? refresh;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"SAMLResponse\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex SamlResponseField();
}
