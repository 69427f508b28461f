using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Server.Sessions;
using CertAuth.Federation.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Tests.SingleLogout;

/// <summary>
/// The federation sign-in session (issue 14 item 4), through the real server: every token issued records its party in
/// the sealed cookie on the public listener's origin, with the NameID and SessionIndex single logout needs.
/// </summary>
public sealed class FederationSessionTests(SingleLogoutServerHarness server) : IClassFixture<SingleLogoutServerHarness>
{
    [Fact]
    public async Task TwoSignIns_RecordBothParties_WithNameIdAndSessionIndex_InAnHttpOnlySecureSameSiteNoneCookie()
    {
        var (samlPage, first) = await SessionSignIn.SignInAsync(server, server.Pki.Alice, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(FederationServerHarness.SignedRelyingPartyId), null);
        var setCookie = first.SetCookie!;
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=none", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/adfs", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", setCookie, StringComparison.OrdinalIgnoreCase);

        var response = samlPage.SamlResponse();
        var session = Open(first.Value!);
        var party = Assert.Single(session!.Parties);
        Assert.Equal("alice@contoso.com", session.User);
        Assert.Equal(FederationServerHarness.SignedRelyingPartyId, party.EntityId);
        Assert.Equal("Saml2", party.Protocol);
        Assert.Equal(SamlXml.Value(response, "//saml:Subject/saml:NameID"), party.NameId);
        Assert.Equal(SamlXml.Value(response, "//saml:Subject/saml:NameID/@Format"), party.NameIdFormat);
        Assert.Equal(SamlXml.Value(response, "//saml:Subject/saml:NameID/@SPNameQualifier"), party.SpNameQualifier);
        Assert.Equal(SamlXml.Value(response, "//saml:AuthnStatement/@SessionIndex"), party.SessionIndex);
        Assert.False(string.IsNullOrEmpty(party.SessionIndex));

        // The second party's sign-in carries the cookie (as the browser sends it to any port of the host) and adds to it.
        var (wsPage, second) = await SessionSignIn.SignInAsync(server, server.Pki.Alice, "/adfs/ls/?wa=wsignin1.0&wtrealm=" + Uri.EscapeDataString(SingleLogoutServerHarness.WsFedRealm), first.Value);
        Assert.Equal(SingleLogoutServerHarness.WsFedReply, wsPage.FormAction);
        var both = Open(second.Value!)!;
        Assert.Equal([FederationServerHarness.SignedRelyingPartyId, SingleLogoutServerHarness.WsFedRealm], both.Parties.Select(p => p.EntityId));
        Assert.Equal("WsFederation", both.Parties[1].Protocol);
        Assert.Equal("alice@contoso.com", both.Parties[1].NameId);
    }

    [Fact]
    public async Task AnotherUser_StartsANewSession_AndAnAlteredCookieCountsAsNone()
    {
        var (_, alice) = await SessionSignIn.SignInAsync(server, server.Pki.Alice, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(FederationServerHarness.RelyingPartyId), null);
        var (_, bob) = await SessionSignIn.SignInAsync(server, server.Pki.Bob, "/adfs/ls/?wa=wsignin1.0&wtrealm=" + Uri.EscapeDataString(SingleLogoutServerHarness.WsFedRealm), alice.Value);
        var session = Open(bob.Value!)!;
        Assert.Equal("bob@contoso.com", session.User);
        Assert.Equal([SingleLogoutServerHarness.WsFedRealm], session.Parties.Select(p => p.EntityId));

        var altered = alice.Value![..^4] + (alice.Value[^4] == 'A' ? "B" : "A") + alice.Value[^3..];
        var (_, fresh) = await SessionSignIn.SignInAsync(server, server.Pki.Alice, "/adfs/ls/?wa=wsignin1.0&wtrealm=" + Uri.EscapeDataString(SingleLogoutServerHarness.WsFedRealm), altered);
        Assert.Null(Open(altered));
        Assert.Single(Open(fresh.Value!)!.Parties);
    }

    [Fact]
    public void Session_IsBounded_ByPartyCount_AndCookieSize_OldestDroppedFirst()
    {
        var cookies = server.Services.GetRequiredService<FederationSessionCookie>();
        FederationSession? session = null;
        for (var i = 0; i < 12; i++)
        {
            session = cookies.Add(session, "alice@contoso.com", Party("urn:rp:" + i, new string('n', 20)));
        }

        Assert.Equal(8, session!.Parties.Count);
        Assert.Equal("urn:rp:4", session.Parties[0].EntityId);
        Assert.Equal("urn:rp:11", session.Parties[^1].EntityId);

        // Long NameIDs: the sealed value stays under the cookie bound by dropping the oldest parties.
        FederationSession? big = null;
        for (var i = 0; i < 8; i++)
        {
            big = cookies.Add(big, "alice@contoso.com", Party("urn:rp:big:" + i, new string('x', 600)));
        }

        var sealedValue = cookies.Protect(big!)!;
        Assert.True(sealedValue.Length <= FederationSessionCookie.MaxCookieChars);
        var opened = cookies.Unprotect(sealedValue)!;
        Assert.InRange(opened.Parties.Count, 1, 7);
        Assert.Equal("urn:rp:big:7", opened.Parties[^1].EntityId);

        // Expired sessions read as none (TimeProvider time).
        var expired = cookies.Protect(session with { ExpiresAt = server.Clock.GetUtcNow().AddSeconds(-1) })!;
        Assert.Null(cookies.Unprotect(expired));
    }

    private static FederationSessionParty Party(string entityId, string nameId) => new()
    {
        EntityId = entityId, Protocol = "Saml2", NameId = nameId, NameIdFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", SessionIndex = "_" + Guid.NewGuid().ToString("N"),
    };

    private FederationSession? Open(string value) => server.Services.GetRequiredService<FederationSessionCookie>().Unprotect(value);
}

/// <summary>With the certificate listener on another host name, the cookie is set by a hop through the public listener.</summary>
public sealed class SplitHostSessionTests(SplitHostServerHarness server) : IClassFixture<SplitHostServerHarness>
{
    [Fact]
    public async Task CertificateListenerOnAnotherHost_PostsThroughThePublicListener_WhichSetsTheCookie_AndPostsTheToken()
    {
        using var client = server.CreateClient(server.Pki.Alice);
        using var start = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(FederationServerHarness.RelyingPartyId)));
        Assert.StartsWith("https://127.0.0.1:", start.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        using var certificateStep = await client.GetAsync(start.Headers.Location);
        Assert.False(certificateStep.Headers.Contains("Set-Cookie"));
        var hop = await SignInPage.ReadAsync(certificateStep);
        Assert.Equal(new Uri(server.PublicUrl, FederationSessionHandoff.Path).AbsoluteUri, hop.FormAction);
        Assert.False(hop.Fields.ContainsKey("SAMLResponse"));

        using var handed = await client.PostAsync(new Uri(hop.FormAction!), new FormUrlEncodedContent(hop.Fields));
        var page = await SignInPage.ReadAsync(handed);
        Assert.Equal(FederationServerHarness.AcsUrl, page.FormAction);
        Assert.Equal("alice@contoso.com", SamlXml.Value(page.SamlResponse(), "//saml:Subject/saml:NameID"));
        var cookie = SessionSignIn.ReadCookie(handed);
        var session = server.Services.GetRequiredService<FederationSessionCookie>().Unprotect(cookie.Value);
        Assert.Equal(FederationServerHarness.RelyingPartyId, Assert.Single(session!.Parties).EntityId);

        // An altered hand-off is refused with the sign-in context code, no cookie, no token.
        var altered = new Dictionary<string, string> { [FederationSessionHandoff.Field] = hop.Fields[FederationSessionHandoff.Field][..^3] + "AAA" };
        using var refused = await client.PostAsync(new Uri(hop.FormAction!), new FormUrlEncodedContent(altered));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("CAF1204", (await SignInPage.ReadAsync(refused)).ErrorCode);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
    }
}

/// <summary>A browser's sign-in with a hand-kept cookie (the test clients do not keep cookies).</summary>
internal static class SessionSignIn
{
    public sealed record SessionCookie(string? Value, string? SetCookie);

    /// <summary>Starts at <paramref name="path"/> on the public listener, follows to the certificate listener, sending <paramref name="cookie"/> on each hop.</summary>
    public static async Task<(SignInPage Page, SessionCookie Cookie)> SignInAsync(FederationServerHarness server, X509Certificate2? certificate, string path, string? cookie)
    {
        using var client = server.CreateClient(certificate);
        var url = new Uri(server.PublicUrl, path);
        for (var hops = 0; ; hops++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", FederationSessionCookie.Name + "=" + cookie);
            }

            using var response = await client.SendAsync(request);
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found && hops < 5)
            {
                url = new Uri(url, response.Headers.Location!);
                continue;
            }

            return (await SignInPage.ReadAsync(response), ReadCookie(response));
        }
    }

    /// <summary>The session cookie a response sets ("" when it clears it), or nulls.</summary>
    public static SessionCookie ReadCookie(HttpResponseMessage response)
    {
        var header = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(FederationSessionCookie.Name + "=", StringComparison.Ordinal))
            : null;
        if (header is null)
        {
            return new SessionCookie(null, null);
        }

        var value = header[(FederationSessionCookie.Name.Length + 1)..].Split(';')[0];
        return new SessionCookie(Uri.UnescapeDataString(value), header);
    }
}
