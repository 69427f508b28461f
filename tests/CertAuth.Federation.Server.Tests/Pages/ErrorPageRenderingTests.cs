using System.Net;
using CertAuth.Federation.Server.Errors;

namespace CertAuth.Federation.Server.Tests.Pages;

/// <summary>Every code renders its own page, in the requested locale, with the guidance for the browser class.</summary>
public sealed class ErrorPageRenderingTests(PagesServer server) : IClassFixture<PagesServer>
{
    public static TheoryData<string> AllCodes()
    {
        var data = new TheoryData<string>();
        foreach (var code in Enum.GetValues<SignInErrorCode>())
        {
            data.Add(SignInError.FormatCode(code));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public async Task EveryCode_RendersItsTitle_WhatHappened_WhatToDo_AndTheReferenceBlock(string code)
    {
        var (response, page) = await server.PreviewAsync(code, locale: "en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ThemeTexts.Get("en", code + ".title"), page.QuerySelector("h1")!.TextContent);
        Assert.Equal(ThemeTexts.Get("en", code + ".happened"), page.QuerySelector("#error-happened")!.TextContent);
        Assert.Equal(Substitute(ThemeTexts.Get("en", code + ".todo")), page.QuerySelector("#error-todo")!.TextContent);
        Assert.Equal(code, page.QuerySelector("#error-code")!.TextContent);
        Assert.NotEmpty(page.QuerySelector("#correlation-id")!.TextContent);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", page.QuerySelector("#timestamp")!.TextContent);
        Assert.NotNull(page.QuerySelector("#help-desk"));
        Assert.NotNull(page.QuerySelector("#certificates"));
        Assert.DoesNotContain(page.QuerySelectorAll("h1, h2, p, li, a"), e => e.TextContent.Contains(code + ".", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("CAF1001", "de")]
    [InlineData("CAF1005", "fr")]
    [InlineData("CAF1101", "ar")]
    [InlineData("CAF1301", "de")]
    public async Task Pages_AreLocalized(string code, string locale)
    {
        var (_, page) = await server.PreviewAsync(code, locale: locale);

        Assert.Equal(locale, page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(ThemeTexts.Get(locale, code + ".title"), page.QuerySelector("h1")!.TextContent);
        Assert.Equal(ThemeTexts.Get(locale, "page.reference.code"), page.QuerySelector("#reference dt")!.TextContent);
    }

    [Fact]
    public async Task Arabic_IsRightToLeft_AndEnglishLeftToRight()
    {
        var (_, arabic) = await server.PreviewAsync("CAF1001", locale: "ar");
        var (_, english) = await server.PreviewAsync("CAF1001", locale: "en");

        Assert.Equal("rtl", arabic.DocumentElement.GetAttribute("dir"));
        Assert.Equal("ltr", english.DocumentElement.GetAttribute("dir"));
    }

    [Theory]
    [InlineData("de-CH,de;q=0.9,en;q=0.8", "de")]
    [InlineData("fr-CA", "fr")]
    [InlineData("es-ES,fr;q=0.5,de;q=0.7", "de")]
    [InlineData("he,ar;q=0.9", "ar")]
    [InlineData("de;q=0,fr;q=0.1", "fr")]
    [InlineData("ja", "en")]
    [InlineData("", "en")]
    public async Task AcceptLanguage_ChoosesTheLocale_WithFallbackToEnglish(string acceptLanguage, string expected)
    {
        using var client = server.CreateClient(acceptLanguage: acceptLanguage.Length == 0 ? null : acceptLanguage);
        var html = await client.GetStringAsync("/adfs/portal/preview?code=CAF1003");
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);

        Assert.Equal(expected, page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(ThemeTexts.Get(expected, "CAF1003.title"), page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task AcceptedCertificates_ListTheTrustedAuthorities_IssuingFirst()
    {
        var (_, page) = await server.PreviewAsync("CAF1002");

        var names = page.QuerySelectorAll("#accepted-issuers li").Select(li => li.TextContent).ToList();
        Assert.Equal(
            [server.Pki.Issuing.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false),
             server.Pki.Root.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false)],
            names);
        Assert.NotNull(page.QuerySelector("#certificates[open]"));
    }

    [Fact]
    public async Task RequestErrors_KeepTheCertificateSectionFolded_AndShowNoBrowserGuidance()
    {
        var (_, page) = await server.PreviewAsync("CAF1202", browser: "ios-webview");

        Assert.Null(page.QuerySelector("#certificates[open]"));
        Assert.Null(page.QuerySelector("#browser-guidance"));
    }

    [Fact]
    public async Task ServerBusy_IsItsOwnPage()
    {
        var (_, page) = await server.PreviewAsync("CAF1301", locale: "en");

        Assert.Equal(ThemeTexts.Get("en", "CAF1301.title"), page.QuerySelector("h1")!.TextContent);
        Assert.Equal(429, new SignInError(SignInErrorCode.ServerBusy).HttpStatus);
    }

    [Fact]
    public async Task AdminDetails_ShowOnlyInPreview_OrWhenEnabled()
    {
        var (_, page) = await server.PreviewAsync("CAF1005");

        Assert.NotNull(page.QuerySelector("#error-detail"));
        Assert.NotNull(page.QuerySelector(".preview-banner"));
    }

    [Theory]
    [InlineData("CAF9999")]
    [InlineData("x")]
    public async Task Preview_RefusesUnknownCodes(string code)
    {
        var (response, _) = await server.PreviewAsync(code);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string Substitute(string text) => text.Replace("{company}", "CertAuth Federation Service", StringComparison.Ordinal);
}
