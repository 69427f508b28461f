using System.Text.Json;
using CertAuth.Federation.Cli.Tests.Infrastructure;

namespace CertAuth.Federation.Cli.Tests.Handlers;

/// <summary><c>certauth theme list|new|export|set-active</c> over a temp themes folder next to the temp appsettings.json.</summary>
public sealed class ThemeCommandTests : IDisposable
{
    private readonly CliTestHost _host = new();

    public ThemeCommandTests()
    {
        var folder = Directory.CreateDirectory(_host.PathOf(Path.Combine("themes", "default"))).FullName;
        File.WriteAllText(Path.Combine(folder, "theme.json"), """{ "name": "default", "companyName": "Contoso", "colors": { "accent": "#0b5cad" } }""");
        Directory.CreateDirectory(Path.Combine(folder, "texts"));
        File.WriteAllText(Path.Combine(folder, "texts", "en.json"), """{ "CAF1001.title": "No certificate" }""");
        File.WriteAllText(Path.Combine(folder, "texts", "de.json"), """{ "CAF1001.title": "Kein Zertifikat" }""");
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        File.WriteAllText(Path.Combine(folder, "images", "logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task New_CopiesTheTheme_RenamesIt_AndAudits()
    {
        var result = await _host.RunAsync("theme", "new", "contoso", "--from", "default");

        Assert.Equal(0, result.ExitCode);
        var folder = _host.PathOf(Path.Combine("themes", "contoso"));
        Assert.True(File.Exists(Path.Combine(folder, "texts", "de.json")));
        Assert.True(File.Exists(Path.Combine(folder, "images", "logo.svg")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "theme.json")));
        Assert.Equal("contoso", manifest.RootElement.GetProperty("name").GetString());
        Assert.Equal("Contoso", manifest.RootElement.GetProperty("companyName").GetString());
        var audit = await _host.RunAsync("audit", "list");
        Assert.Contains("theme.new  contoso  from=default", audit.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default", "default", "already exists")]
    [InlineData("../evil", "default", "must be 1-64 letters")]
    [InlineData("contoso", "missing", "not found")]
    [InlineData("contoso", "..", "must be 1-64 letters")]
    public async Task New_Refuses(string name, string from, string message)
    {
        var result = await _host.RunAsync("theme", "new", name, "--from", from);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetActive_WritesTheFederationStore_AndListShowsIt()
    {
        await _host.RunAsync("theme", "new", "contoso");

        var result = await _host.RunAsync("theme", "set-active", "contoso");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("the federation store (fs_settings)", result.Output, StringComparison.Ordinal);

        // The store decides, not the file (kept only for the token service's pages): removing it changes nothing.
        File.Delete(_host.PathOf(Path.Combine("themes", "active.json")));
        Assert.Contains("active: contoso (the federation store (fs_settings))", (await _host.RunAsync("theme", "list")).Output, StringComparison.Ordinal);

        var list = await _host.RunAsync("theme", "list", "--json");
        using var json = JsonDocument.Parse(list.Output);
        var themes = json.RootElement.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t);
        Assert.True(themes["contoso"].GetProperty("active").GetBoolean());
        Assert.False(themes["default"].GetProperty("active").GetBoolean());
        Assert.Equal(["de", "en"], themes["default"].GetProperty("locales").EnumerateArray().Select(l => l.GetString()));
        var text = await _host.RunAsync("theme", "list");
        Assert.Contains("* contoso", text.Output, StringComparison.Ordinal);
        Assert.Contains("theme.set-active  contoso", (await _host.RunAsync("audit", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetActive_RefusesAThemeWithoutFolder_ButAcceptsTheBuiltInDefault()
    {
        var missing = await _host.RunAsync("theme", "set-active", "nope");
        Directory.Delete(_host.PathOf(Path.Combine("themes", "default")), recursive: true);
        var builtIn = await _host.RunAsync("theme", "set-active", "default");

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("not found", missing.Error, StringComparison.Ordinal);
        Assert.Equal(0, builtIn.ExitCode);
    }

    [Fact]
    public async Task Export_CopiesTheFiles_AndRefusesANonEmptyFolder()
    {
        var result = await _host.RunAsync("theme", "export", "default", "out/default-theme");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(4 files)", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(_host.PathOf(Path.Combine("out", "default-theme", "texts", "en.json"))));

        var again = await _host.RunAsync("theme", "export", "default", "out/default-theme");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("not an empty folder", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThemesPath_FromConfiguration_IsUsed()
    {
        File.WriteAllText(_host.ConfigPath, """
            {
              "Storage": { "Provider": "Sqlite", "ConnectionString": "Data Source=data/test.db" },
              "Themes": { "Path": "branding", "Active": "corp" }
            }
            """);

        var result = await _host.RunAsync("theme", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(_host.PathOf("branding"), result.Output, StringComparison.Ordinal);
        Assert.Contains("active: corp (Themes:Active in appsettings.json)", result.Output, StringComparison.Ordinal);
        Assert.Contains("(built in)", result.Output, StringComparison.Ordinal);
        Assert.Contains("the active theme 'corp' has no folder", result.Error, StringComparison.Ordinal);
    }
}
