using System.Reflection;
using CertAuth.Federation.Protocols;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Tests.TestKit;

namespace CertAuth.Federation.TokenService.Tests.DomainTypes;

/// <summary>
/// Issue 12 item 7: one outcome idiom — the ACS/authorize <see cref="FlowOutcome"/>, client authentication and the
/// Protocols validators answer with closed result unions carrying the stable reason; a SAML response the validator
/// refuses reaches the ACS as a typed failure (no exception) and becomes the refusal page with its code, logged once.
/// </summary>
public sealed class OutcomeIdiomTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync();
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(typeof(FlowOutcome), new[] { "Redirected", "Refused" })]
    [InlineData(typeof(ClientAuthenticationResult), new[] { "Authenticated", "Refused" })]
    [InlineData(typeof(SamlResult<string>), new[] { "Invalid", "Valid" })]
    public void TheOutcomes_AreClosedUnions(Type outcome, string[] cases)
    {
        Assert.True(outcome.IsAbstract);
        // Only the private constructor (and the record's protected copy constructor): nothing outside can add a case.
        Assert.All(outcome.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic), c =>
            Assert.True(c.IsPrivate || (c.IsFamily && c.GetParameters() is [var copied] && copied.ParameterType == outcome), c.ToString()));
        var derived = outcome.GetNestedTypes().Where(t => t.IsClass && (outcome.IsAssignableFrom(t) || (outcome.IsGenericType && t.IsGenericTypeDefinition))).ToList();
        Assert.Equal(cases, derived.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(derived, t => Assert.True(t.IsSealed));
    }

    [Fact]
    public async Task Acs_AResponseTheValidatorRefuses_IsATypedRefusal_LoggedOnce_ThatClearsTheBindingCookie()
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null);
        var wrongAudience = _host.Federation.Response(assertion, "https://elsewhere.test/acs", request.Id);
        var before = _host.Logs.Entries.Count(e => e.EventId == 3020);

        using var response = await _host.PostAcsAsync(wrongAudience);

        Assert.InRange((int)response.StatusCode, 400, 499);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(new TokenError(TokenErrorCode.SamlWrongAudience, "x").DisplayCode, page, StringComparison.Ordinal);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(global::CertAuth.Federation.TokenService.Endpoints.BrowserBindingCookie.Name + "=;", StringComparison.Ordinal) && c.Contains("1970", StringComparison.Ordinal));
        Assert.Equal(before + 1, _host.Logs.Entries.Count(e => e.EventId == 3020));
    }
}
