using System.Net;
using System.Text;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.TokenService.Tests.TestKit;

namespace CertAuth.Federation.TokenService.Tests.Saml;

/// <summary>
/// Issue 11 items 1-3 through the real token service (TLS on loopback): deep nesting at /saml2/acs and at the RFC 7522
/// grant is refused with the stable code and the server keeps answering; a signed value re-encoded into another value
/// (TAB for SPACE, CR for LF) is refused; an unsigned Assertion beside the verified one is refused.
/// </summary>
public sealed class HostileXmlTests : IAsyncLifetime
{
    private const string NoteName = "urn:test:display name";
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await TokenServiceHost.StartAsync(settings => settings["TokenService:ShowErrorDetails"] = "true");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Acs_ThirtyThousandNestedElementsInsideTheSignedAssertion_IsRefused_AndTheNextSignInWorks()
    {
        var wire = await SignedResponseXmlAsync();
        var at = wire.IndexOf("<saml:AttributeValue>", StringComparison.Ordinal) + "<saml:AttributeValue>".Length;

        await AssertRefusedAsync(wire.Insert(at, Nest(30_000)), "CAT50008", "NestingTooDeep");

        Assert.False(string.IsNullOrEmpty(await _host.SignInAsync(null)));
    }

    [Fact]
    public async Task Acs_TwentyThousandNestedElementsInExtensions_IsRefused()
    {
        var wire = (await SignedResponseXmlAsync()).Replace(
            "<samlp:Status>", "<samlp:Extensions>" + Nest(20_000) + "</samlp:Extensions><samlp:Status>", StringComparison.Ordinal);

        await AssertRefusedAsync(wire, "CAT50008", "NestingTooDeep");
    }

    [Theory]
    [InlineData("&#9;")]
    [InlineData("&#xD;")]
    public async Task Acs_SignedSpaceInAnAttributeValueReplacedByACharacterReference_IsRefused(string reference)
    {
        var wire = await SignedResponseXmlAsync();
        Assert.Contains($"Name=\"{NoteName}\"", wire, StringComparison.Ordinal);
        var tampered = wire.Replace($"Name=\"{NoteName}\"", $"Name=\"{NoteName.Replace(" ", reference, StringComparison.Ordinal)}\"", StringComparison.Ordinal);

        await AssertRefusedAsync(tampered, "CAT50006", "InvalidSignature");
    }

    [Theory]
    [InlineData("&#xD;")]
    [InlineData("&#xD;&#xA;")]
    public async Task Acs_SignedLineFeedInTextReplacedByACarriageReturnReference_IsRefused(string reference)
    {
        var wire = await SignedResponseXmlAsync();
        Assert.Contains("line one\nline two", wire, StringComparison.Ordinal);

        await AssertRefusedAsync(wire.Replace("line one\nline two", $"line one{reference}line two", StringComparison.Ordinal), "CAT50006", "InvalidSignature");
    }

    [Fact]
    public async Task Acs_UnsignedAssertionInExtensions_IsRefused()
    {
        var wire = await SignedResponseXmlAsync();
        var start = wire.IndexOf("<saml:Assertion", StringComparison.Ordinal);
        var forged = wire[start..(wire.IndexOf("</saml:Assertion>", StringComparison.Ordinal) + "</saml:Assertion>".Length)]
            .Replace(" ID=\"", " ID=\"forged", StringComparison.Ordinal);
        var tampered = wire.Replace("<samlp:Status>", $"<samlp:Extensions>{forged}</samlp:Extensions><samlp:Status>", StringComparison.Ordinal);

        await AssertRefusedAsync(tampered, "CAT50008", "MultipleAssertions");
    }

    [Fact]
    public async Task Rfc7522_TwentyThousandNestedElementsInsideTheSignedAssertion_IsInvalidGrant_AndTheNextExchangeWorks()
    {
        var bare = Encoding.UTF8.GetString(FromBase64Url(_host.Federation.BareAssertion(
            _host.Federation.NewAssertion(_host.TokenEndpoint, _host.EntityId, null, "alice@contoso.com", null))));
        var at = bare.IndexOf("<saml:AttributeValue>", StringComparison.Ordinal) + "<saml:AttributeValue>".Length;
        var nested = ToBase64Url(Encoding.UTF8.GetBytes(bare.Insert(at, Nest(20_000))));

        OAuthFlow.AssertError(await ExchangeAsync(nested), "invalid_grant", "CAT50008");

        var next = _host.Federation.BareAssertion(_host.Federation.NewAssertion(_host.TokenEndpoint, _host.EntityId, null, "alice@contoso.com", null));
        var (status, body) = await ExchangeAsync(next);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    private static string Nest(int depth) =>
        string.Concat(Enumerable.Repeat("<x>", depth)) + string.Concat(Enumerable.Repeat("</x>", depth));

    /// <summary>A response for a pending request whose signed assertion carries an attribute named with a SPACE and a value with a LF.</summary>
    private async Task<string> SignedResponseXmlAsync()
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null);
        var note = new SamlAttribute { Name = NoteName, NameFormat = AttributeNameFormats.Uri };
        note.Values.Add("line one\nline two");
        assertion.AttributeStatement!.Attributes.Add(note);
        return Encoding.UTF8.GetString(Convert.FromBase64String(_host.Federation.Response(assertion, _host.AcsUrl, request.Id)));
    }

    private async Task AssertRefusedAsync(string xml, string code, string reason)
    {
        using var response = await _host.PostAcsAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(xml)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.Contains(code, body, StringComparison.Ordinal);
        Assert.Contains(reason, body, StringComparison.Ordinal);
        Assert.Contains(_host.Logs.Entries, e => e.EventId == 3020 && e.Message.Contains(reason, StringComparison.Ordinal));
    }

    private Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> ExchangeAsync(string assertion) =>
        _host.TokenAsync(new()
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:saml2-bearer",
            ["client_id"] = TokenServiceHost.PublicClientId,
            ["assertion"] = assertion,
            ["scope"] = "openid offline_access",
        });

    private static byte[] FromBase64Url(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
