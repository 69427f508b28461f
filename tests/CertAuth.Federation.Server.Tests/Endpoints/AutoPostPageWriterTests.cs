using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using CertAuth.Federation.Server.Endpoints;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Tests.Endpoints;

/// <summary>
/// The auto-POST page written without Razor (<see cref="AutoPostPageWriter"/>): through the real server the page
/// carries the strict CSP (form-action open, as before) and the issued fields; the same model rendered by the Razor view
/// in the same server gives the same document (whitespace between tags aside); hostile values stay inert.
/// </summary>
public sealed partial class AutoPostPageWriterTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    [Fact]
    public async Task SignIn_WritesTheFormWithTheCspAndFields_AndTheSameDocumentAsTheRazorView()
    {
        using var client = server.CreateClient(server.Pki.Alice);
        using var response = await server.FollowAsync(client, new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + FederationServerHarness.RelyingPartyId).AbsoluteUri);
        var page = await SignInPage.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy(restrictFormAction: false), string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        // Written in one piece by the writer (a Razor view result streams without a length).
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(page.Html), response.Content.Headers.ContentLength);
        Assert.Equal(FederationServerHarness.AcsUrl, page.FormAction);
        Assert.Equal(["SAMLResponse"], page.Fields.Keys);
        Assert.NotNull(page.SamlResponse().DocumentElement);

        var form = new AutoPostModel(page.FormAction!, [.. page.Fields]);
        var razor = await RenderRazorAsync(form);
        Assert.Equal(Normalize(razor), Normalize(page.Html));
    }

    [Fact]
    public async Task HostileValues_AreEncoded_LikeTheRazorView()
    {
        var form = new AutoPostModel("https://rp.test/acs?a=1&b=\"><script>alert(1)</script>",
            [new("SAMLResponse", "PHNhbWw+\"'<>&"), new("RelayState", "</form><img src=x onerror=alert(1)>é")]);

        var written = AutoPostPageWriter.Write(form, null);
        var document = new HtmlParser().ParseDocument(written);

        Assert.Single(document.Scripts);
        Assert.Empty(document.QuerySelectorAll("img"));
        Assert.Equal(form.Action, document.QuerySelector("form#autopost")!.GetAttribute("action"));
        Assert.Equal(form.Fields.Select(f => f.Value), document.QuerySelectorAll("input[type=hidden]").Select(i => i.GetAttribute("value")!));
        Assert.Equal(Normalize(await RenderRazorAsync(form)), Normalize(AutoPostPageWriter.Write(form, CreateChrome())));
    }

    [Theory]
    [InlineData("PHNhbWxwOlJlc3BvbnNlIC8+", true)]
    [InlineData("a+b/c==", true)]
    [InlineData("", true)]
    [InlineData("abc\"def", false)]
    [InlineData("abc&amp;", false)]
    [InlineData("abc<def", false)]
    [InlineData("abc'def", false)]
    [InlineData("abc>def", false)]
    [InlineData("abc+def=\"", false)]
    [InlineData("abcé", false)]
    public async Task OnlyAPureBase64Value_IsWrittenAsItIs_AnythingElseIsEncoded_AndTheBrowserReadsTheSameValue(string value, bool raw)
    {
        var form = new AutoPostModel("https://rp.test/acs", [new("SAMLResponse", value)]);
        var written = AutoPostPageWriter.Write(form, null);

        Assert.Equal(raw, written.Contains("value=\"" + value + "\"", StringComparison.Ordinal));
        var input = new HtmlParser().ParseDocument(written).QuerySelectorAll("input[type=hidden]").Single();
        Assert.Equal(value, input.GetAttribute("value"));
        Assert.Equal(Normalize(await RenderRazorAsync(form)), Normalize(AutoPostPageWriter.Write(form, CreateChrome())));
    }

    private PageChrome CreateChrome()
    {
        var http = new DefaultHttpContext { RequestServices = server.Services };
        return server.Services.GetRequiredService<ThemedPageBuilder>().CreateChrome(http);
    }

    private async Task<string> RenderRazorAsync(AutoPostModel form)
    {
        using var scope = server.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var chrome = scope.ServiceProvider.GetRequiredService<ThemedPageBuilder>().CreateChrome(http);
        var routes = new RouteData();
        routes.Values["controller"] = "SignIn";
        var context = new ActionContext(http, routes, new ActionDescriptor());
        var engine = scope.ServiceProvider.GetRequiredService<IRazorViewEngine>();
        var view = engine.FindView(context, "AutoPost", isMainPage: true).View ?? throw new InvalidOperationException("AutoPost view not found.");
        var viewData = new ViewDataDictionary<AutoPostModel>(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = form };
        viewData[PageChrome.ViewDataKey] = chrome;
        await using var writer = new StringWriter();
        var tempData = new TempDataDictionary(http, scope.ServiceProvider.GetRequiredService<ITempDataProvider>());
        await view.RenderAsync(new ViewContext(context, view, viewData, tempData, writer, new HtmlHelperOptions()));
        return writer.ToString();
    }

    private static string Normalize(string html)
        => BetweenTags().Replace(new HtmlParser().ParseDocument(html).DocumentElement.OuterHtml, "><").Trim();

    [GeneratedRegex(@">\s+<")]
    private static partial Regex BetweenTags();
}
