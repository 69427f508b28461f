using System.Text.Json;

namespace CertAuth.Federation.Server.Tests.Pages;

/// <summary>The default theme's texts as written in the repository, to compare rendered pages with.</summary>
public static class ThemeTexts
{
    public static string Get(string locale, string key, string themesPath = "")
    {
        var root = themesPath.Length > 0 ? themesPath : Path.Combine(PagesServer.RepositoryRoot(), "themes");
        using var stream = File.OpenRead(Path.Combine(root, "default", "texts", locale + ".json"));
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!;
        return texts[key];
    }
}
