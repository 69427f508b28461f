using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using CertAuth.Federation.Server.Tests.Pages;

namespace CertAuth.Federation.Server.Tests.Themes;

/// <summary>Edits to theme files, new themes and view overrides apply to the running server without a restart.</summary>
public sealed class ThemeHotReloadTests(PagesServer server) : IClassFixture<PagesServer>
{
    [Fact]
    public async Task EditingATextFile_ChangesThePage()
    {
        var folder = ThemeFiles.Copy(server.ThemesPath, "default", "edited-texts");
        Assert.Equal(ThemeTexts.Get("en", "CAF1001.title"), await TitleAsync("edited-texts"));

        var file = Path.Combine(folder, "texts", "en.json");
        var texts = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        texts["CAF1001.title"] = "Your Contoso badge certificate is missing";
        File.WriteAllText(file, texts.ToJsonString());

        await ThemeFiles.EventuallyAsync(async () => await TitleAsync("edited-texts") == "Your Contoso badge certificate is missing", "the edited title");
    }

    [Fact]
    public async Task EditingThemeJson_ChangesCompanyNameAndColours()
    {
        var folder = ThemeFiles.Copy(server.ThemesPath, "default", "edited-manifest");
        var file = Path.Combine(folder, "theme.json");
        var manifest = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        manifest["companyName"] = "Contoso Pharmaceuticals";
        manifest["colors"]!["accent"] = "#7a1fa2";
        File.WriteAllText(file, manifest.ToJsonString());

        await ThemeFiles.EventuallyAsync(async () =>
        {
            var (_, page) = await server.PreviewAsync("CAF1001", theme: "edited-manifest");
            return page.QuerySelector(".brand .company")?.TextContent == "Contoso Pharmaceuticals";
        }, "the new company name");
        var (_, page) = await server.PreviewAsync("CAF1001", theme: "edited-manifest");
        var colours = page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).Single(h => h.Contains("colors.css", StringComparison.Ordinal));
        using var client = server.CreateClient();
        Assert.Contains("--accent: #7a1fa2;", await client.GetStringAsync(colours), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewThemeFolder_IsUsableWithoutRestart_AndAnUnknownThemeFallsBackToTheActiveOne()
    {
        var (_, before) = await server.PreviewAsync("CAF1001", theme: "brand-new");
        Assert.Equal("default", before.Body!.GetAttribute("data-theme"));

        ThemeFiles.Copy(server.ThemesPath, "fabrikam", "brand-new");

        await ThemeFiles.EventuallyAsync(async () =>
        {
            var (_, page) = await server.PreviewAsync("CAF1001", theme: "brand-new");
            return page.Body!.GetAttribute("data-theme") == "brand-new";
        }, "the new theme");
    }

    [Fact]
    public async Task AViewOverride_Applies_AndItsEditsToo()
    {
        var folder = ThemeFiles.Copy(server.ThemesPath, "default", "with-views");
        var views = Directory.CreateDirectory(Path.Combine(folder, "views", "Shared")).FullName;
        var partial = Path.Combine(views, "_HelpDesk.cshtml");
        File.WriteAllText(partial, "@model ErrorPageModel\n<section id=\"help-desk\"><p id=\"override\">Call extension 4444 about @Model.Code</p></section>\n");

        await ThemeFiles.EventuallyAsync(async () => (await OverrideTextAsync()) == "Call extension 4444 about CAF1003", "the override");

        File.WriteAllText(partial, "@model ErrorPageModel\n<section id=\"help-desk\"><p id=\"override\">Walk to room 12 about @Model.Code</p></section>\n");
        await ThemeFiles.EventuallyAsync(async () => (await OverrideTextAsync()) == "Walk to room 12 about CAF1003", "the edited override");

        var (_, other) = await server.PreviewAsync("CAF1003", theme: "default");
        Assert.Null(other.QuerySelector("#override"));

        async Task<string?> OverrideTextAsync()
        {
            var (_, page) = await server.PreviewAsync("CAF1003", theme: "with-views");
            return page.QuerySelector("#override")?.TextContent;
        }
    }

    [Fact]
    public async Task ABrokenTextsFile_FallsBackToTheBuiltInTexts()
    {
        var folder = ThemeFiles.Copy(server.ThemesPath, "default", "broken");
        File.WriteAllText(Path.Combine(folder, "texts", "de.json"), "{ \"CAF1001.title\": ");

        await ThemeFiles.EventuallyAsync(async () =>
        {
            var (_, page) = await server.PreviewAsync("CAF1001", theme: "broken", locale: "de");
            return page.QuerySelector("h1")?.TextContent == ThemeTexts.Get("de", "CAF1001.title");
        }, "the built-in German title");
    }

    private async Task<string?> TitleAsync(string theme)
    {
        var (_, page) = await server.PreviewAsync("CAF1001", theme: theme, locale: "en");
        return page.QuerySelector("h1")?.TextContent;
    }
}
