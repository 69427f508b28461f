using System.Net;
using AngleSharp.Html.Parser;
using CertAuth.Federation.Administration.Themes;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.SignIn;
using CertAuth.Federation.Server.Tests.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Tests.Themes;

/// <summary>
/// <c>certauth theme set-active</c> (ThemeManager, a row of the federation store) switches the theme of a running server,
/// and a relying party's theme wins where the relying party is known.
/// </summary>
public sealed class ThemeSwitchTests(ThemeSwitchTests.Server server) : IClassFixture<ThemeSwitchTests.Server>
{
    [Fact]
    public async Task SetActive_SwitchesTheTheme_AndSwitchingBackRestoresIt()
    {
        // Issue 13: the switch is a row of the federation store, written by ThemeManager (what certauth theme set-active
        // and the admin API call); the node sees it within Themes:ActiveCacheLifetime (5 s, real clock here).
        var themes = server.Services.GetRequiredService<ThemeManager>();
        try
        {
            Assert.Equal("default", await ThemeOfErrorPageAsync());

            Assert.True((await themes.SetActiveAsync("fabrikam", "admin@test", CancellationToken.None)).Succeeded);
            await ThemeFiles.EventuallyAsync(async () => await ThemeOfErrorPageAsync() == "fabrikam", "fabrikam active");

            var (_, page) = await server.PreviewAsync("CAF1001", locale: "en");
            Assert.Equal("Fabrikam, Inc.", page.QuerySelector(".brand .company")!.TextContent);
            Assert.Equal("https://certificates.fabrikam.example/enroll", page.QuerySelector("#get-certificate-link")!.GetAttribute("href"));
            Assert.Equal("mailto:helpdesk@fabrikam.example", page.QuerySelector("#help-desk-email")!.GetAttribute("href"));
            Assert.Equal("tel:+15550100199", page.QuerySelector("#help-desk-phone")!.GetAttribute("href"));
        }
        finally
        {
            Assert.True((await themes.SetActiveAsync("default", "admin@test", CancellationToken.None)).Succeeded);
        }

        await ThemeFiles.EventuallyAsync(async () => await ThemeOfErrorPageAsync() == "default", "default active again");
    }

    [Fact]
    public async Task TheRelyingPartysTheme_IsUsedOnTheCertificateListener()
    {
        var context = server.Services.GetRequiredService<SignInContextProtector>().Protect(new SignInContext
        {
            RelyingParty = "urn:test:rp",
            AssertionConsumerServiceUrl = "https://rp.test/acs",
            NameIdFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
        });
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/adfs/ls/certauth?context=" + Uri.EscapeDataString(context));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("CAF1001", page.QuerySelector("#error-code")!.TextContent);
        Assert.Equal("fabrikam", page.Body!.GetAttribute("data-theme"));
    }

    [Fact]
    public async Task TheRelyingPartysTheme_IsUsedWhenItsSamlRequestIsRefused()
    {
        var request = new AuthnRequest
        {
            Id = new SamlIdGenerator().NewId(),
            IssueInstant = DateTimeOffset.UtcNow,
            Issuer = "urn:test:rp",
            AssertionConsumerServiceUrl = "https://evil.test/acs",
        };
        using var client = server.CreateClient();
        var url = new HttpRedirectBinding().BuildRedirectUrl(new Uri(client.BaseAddress!, "/adfs/ls/").AbsoluteUri, "SAMLRequest", new AuthnRequestWriter().Write(request));

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("CAF1205", page.QuerySelector("#error-code")!.TextContent);
        Assert.Equal("fabrikam", page.Body!.GetAttribute("data-theme"));
    }

    [Fact]
    public async Task TheRelyingPartysTheme_IsUsedOnTheAutoPostFormItGets()
    {
        // A passive request from a known party gets a SAML error Response (NoPassive) posted to its registered ACS.
        var request = new AuthnRequest
        {
            Id = new SamlIdGenerator().NewId(),
            IssueInstant = DateTimeOffset.UtcNow,
            Issuer = "urn:test:rp",
            AssertionConsumerServiceUrl = "https://rp.test/acs",
            IsPassive = true,
        };
        using var client = server.CreateClient();
        var url = new HttpRedirectBinding().BuildRedirectUrl(new Uri(client.BaseAddress!, "/adfs/ls/").AbsoluteUri, "SAMLRequest", new AuthnRequestWriter().Write(request));

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://rp.test/acs", page.QuerySelector("form#autopost")!.GetAttribute("action"));
        Assert.Equal("fabrikam", page.Body!.GetAttribute("data-theme"));
    }

    private async Task<string?> ThemeOfErrorPageAsync()
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/adfs/ls/idpinitiatedsignon");
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).Body?.GetAttribute("data-theme");
    }

    /// <summary>The pages server with the relying party themed <c>fabrikam</c>.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private readonly PagesServer _inner = new();

        public string ThemesPath => _inner.ThemesPath;

        public IServiceProvider Services => _inner.Services;

        public HttpClient CreateClient() => _inner.CreateClient();

        public Task<(HttpResponseMessage Response, AngleSharp.Dom.IDocument Document)> PreviewAsync(string code, string? theme = null, string? locale = null) =>
            _inner.PreviewAsync(code, theme, locale);

        public Task InitializeAsync()
        {
            _inner.ExtraSettings["Federation:RelyingParties:0:Theme"] = "fabrikam";
            return _inner.InitializeAsync();
        }

        public Task DisposeAsync() => _inner.DisposeAsync();
    }
}
