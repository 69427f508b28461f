using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using CertAuth.Federation.Server.Tests.Themes;

namespace CertAuth.Federation.Server.Tests.Pages;

/// <summary>Theme data and request values cannot inject markup; pages keep a strict CSP; theme assets are allow-listed.</summary>
public sealed class PageSafetyTests(PagesServer server) : IClassFixture<PagesServer>
{
    private const string Markup = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    [Fact]
    public async Task ThemeTextsAndManifest_AreHtmlEncoded()
    {
        var folder = ThemeFiles.Copy(server.ThemesPath, "default", "hostile");
        var texts = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "texts", "en.json")))!.AsObject();
        texts["CAF1002.title"] = "Title " + Markup;
        texts["page.get-certificate.text"] = "Get one " + Markup;
        File.WriteAllText(Path.Combine(folder, "texts", "en.json"), texts.ToJsonString());
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "theme.json")))!.AsObject();
        manifest["companyName"] = "Evil " + Markup;
        manifest["helpDesk"] = new JsonObject { ["email"] = "\"><script>alert(3)</script>", ["phone"] = "+1 <b>5</b>" };
        manifest["links"] = new JsonObject { ["getCertificateUrl"] = "javascript:alert(4)", ["helpUrl"] = "data:text/html,<script>alert(5)</script>" };
        manifest["colors"] = new JsonObject { ["accent"] = "red; } body { background: url(https://evil.example/x)" };
        manifest["logo"] = "../../../signing.pfx";
        File.WriteAllText(Path.Combine(folder, "theme.json"), manifest.ToJsonString());

        await ThemeFiles.EventuallyAsync(async () =>
        {
            var (_, page) = await server.PreviewAsync("CAF1002", theme: "hostile", locale: "en");
            return page.QuerySelector("h1")?.TextContent == "Title " + Markup;
        }, "the hostile theme");

        using var client = server.CreateClient();
        var html = await client.GetStringAsync("/adfs/portal/preview?code=CAF1002&theme=hostile&locale=en");
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data:text/html", html, StringComparison.Ordinal);
        Assert.DoesNotContain("signing.pfx", html, StringComparison.Ordinal);
        var document = new HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Null(document.QuerySelector("#get-certificate-link"));
        Assert.Null(document.QuerySelector("#help-link"));
        Assert.Equal("Evil " + Markup, document.QuerySelector(".brand .company")!.TextContent);

        var colours = document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).Single(h => h.Contains("colors.css", StringComparison.Ordinal));
        Assert.DoesNotContain("evil.example", await client.GetStringAsync(colours), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestValues_AreEncoded()
    {
        using var client = server.CreateClient(userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) <script>alert(1)</script>", acceptLanguage: "<script>alert(2)</script>");
        var html = await client.GetStringAsync("/adfs/portal/preview?code=CAF1001&theme=%3Cscript%3E&locale=%22%3E%3Cscript%3E");

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        var document = new HtmlParser().ParseDocument(html);
        Assert.Equal("en", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("default", document.Body!.GetAttribute("data-theme"));
    }

    [Fact]
    public async Task ErrorPages_CarryTheStrictCsp_AndUseOnlyOwnResources_WithoutInlineScriptOrStyle()
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/adfs/ls/idpinitiatedsignon?loginToRp=urn%3Aunknown");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("img-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("CAF1201", document.QuerySelector("#error-code")!.TextContent);
        Assert.Empty(document.QuerySelectorAll("script:not([src]), style, [style]"));
        foreach (var url in document.QuerySelectorAll("link[href], img[src], script[src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!))
        {
            Assert.StartsWith("/adfs/portal/", url, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/adfs/portal/site.css", "text/css; charset=utf-8")]
    [InlineData("/adfs/portal/themes/default/theme.css", "text/css; charset=utf-8")]
    [InlineData("/adfs/portal/themes/default/colors.css", "text/css; charset=utf-8")]
    [InlineData("/adfs/portal/themes/default/images/logo.svg", "image/svg+xml")]
    [InlineData("/adfs/portal/themes/fabrikam/images/badge.svg", "image/svg+xml")]
    public async Task ThemeAssets_AreServed_WithTheirContentType_AndNosniff(string path, string contentType)
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("/adfs/portal/themes/default/theme.json")]
    [InlineData("/adfs/portal/themes/default/texts/en.json")]
    [InlineData("/adfs/portal/themes/default/theme.js")]
    [InlineData("/adfs/portal/themes/default/images/../theme.json")]
    [InlineData("/adfs/portal/themes/default/images/..%2F..%2Fsigning.pfx")]
    [InlineData("/adfs/portal/themes/default/images%2F..%2F..%2F..%2Fsigning.pfx")]
    [InlineData("/adfs/portal/themes/..%2F/signing.pfx")]
    [InlineData("/adfs/portal/themes/default/images/.hidden.png")]
    [InlineData("/adfs/portal/themes/default/images/logo.svg.exe")]
    [InlineData("/adfs/portal/themes/nope/theme.css")]
    [InlineData("/adfs/portal/themes/default/views/Shared/_Layout.cshtml")]
    public async Task ThemeAssets_RefuseEverythingElse(string path)
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
