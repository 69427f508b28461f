using AngleSharp.Html.Parser;
using CertAuth.Federation.Administration.Audit;
using CertAuth.Federation.Administration.Themes;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.Web.Themes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Tests.Farm;

/// <summary>
/// Issue 13: the active theme is a row of the federation store (<c>fs_settings</c>), so a switch made through
/// ThemeManager (what <c>certauth theme set-active</c> and the admin API call) on node A reaches node B within
/// <c>Themes:ActiveCacheLifetime</c> (fake clock), with no shared <c>active.json</c>; and an <c>active.json</c> from
/// before is imported once at start-up, then ignored.
/// </summary>
public abstract class ThemeFarmTestBase : IAsyncLifetime
{
    private readonly string _themes = Path.Combine(Path.GetTempPath(), "certauth-farm-themes-" + Guid.NewGuid().ToString("N"));

    protected FarmNodeHarness A { get; private set; } = null!;

    protected FarmNodeHarness B { get; private set; } = null!;

    /// <summary>What <c>active.json</c> holds before the nodes start (null: no file).</summary>
    protected virtual string? ActiveJsonAtStart => null;

    public virtual async Task InitializeAsync()
    {
        foreach (var (name, company) in new[] { ("fabrikam", "Fabrikam, Inc."), ("contoso", "Contoso Ltd.") })
        {
            Directory.CreateDirectory(Path.Combine(_themes, name));
            File.WriteAllText(Path.Combine(_themes, name, "theme.json"), $$"""{ "name": "{{name}}", "companyName": "{{company}}" }""");
        }

        if (ActiveJsonAtStart is { } active)
        {
            File.WriteAllText(Path.Combine(_themes, "active.json"), $$"""{ "active": "{{active}}" }""");
        }

        A = new FarmNodeHarness(settings =>
        {
            settings["Themes:Path"] = _themes;
            ConfigureStore(settings);
        });
        await A.InitializeAsync();
        B = new FarmNodeHarness(A);
        await B.InitializeAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        Directory.Delete(_themes, recursive: true);
    }

    protected abstract void ConfigureStore(Dictionary<string, string?> settings);

    private static async Task<string?> ThemeOfErrorPageAsync(FarmNodeHarness node)
    {
        using var client = node.CreateClient();
        using var response = await client.GetAsync(new Uri(node.PublicUrl, "/adfs/ls/idpinitiatedsignon"));
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).Body?.GetAttribute("data-theme");
    }

    /// <summary>The store row, read as a node reads it.</summary>
    protected string? StoredActive() => A.Services.GetRequiredService<IFederationSettingsStore>().Get(IFederationSettingsStore.ActiveThemeKey);

    /// <summary>The error page's theme on <paramref name="node"/>.</summary>
    protected static Task<string?> ThemeOfAsync(FarmNodeHarness node) => ThemeOfErrorPageAsync(node);

    /// <summary>The themes folder both nodes use.</summary>
    protected string ThemesPath => _themes;
}

/// <summary>A theme switch on A reaches B through the store (the nodes' store is the subclass's).</summary>
public abstract class ThemeAcrossNodesTests : ThemeFarmTestBase
{
    [Fact]
    public async Task ASwitchThroughTheManagerOnA_ReachesB_WithinTheCacheBound_WithoutAnyFile_AndSwitchingBackRestores()
    {
        Assert.Equal("default", await ThemeOfAsync(B));
        var bound = B.Services.GetRequiredService<IOptions<ThemeOptions>>().Value.ActiveCacheLifetime;
        Assert.Equal(TimeSpan.FromSeconds(5), bound);

        var switched = await A.Services.GetRequiredService<ThemeManager>().SetActiveAsync("fabrikam", "admin@test", CancellationToken.None);
        Assert.True(switched.Succeeded, switched.Error?.Message);

        // No file carries the switch: B can only learn it from the store.
        File.Delete(Path.Combine(ThemesPath, "active.json"));
        Assert.Equal("default", await ThemeOfAsync(B)); // B's cached read, younger than the bound
        A.Clock.Advance(bound + TimeSpan.FromSeconds(1));
        Assert.Equal("fabrikam", await ThemeOfAsync(B));
        Assert.Equal("fabrikam", await ThemeOfAsync(A));
        var list = B.Services.GetRequiredService<ThemeManager>().List();
        Assert.Equal(("fabrikam", ThemeManager.StoreLocation), (list.Value!.Active, list.Value.ActiveSource));

        // An unknown theme is refused with the existing code, and nothing changes.
        var refused = await B.Services.GetRequiredService<ThemeManager>().SetActiveAsync("nope", "admin@test", CancellationToken.None);
        Assert.Equal("CAA1401", refused.Error?.Code);

        Assert.True((await B.Services.GetRequiredService<ThemeManager>().SetActiveAsync("default", "admin@test", CancellationToken.None)).Succeeded);
        A.Clock.Advance(bound + TimeSpan.FromSeconds(1));
        Assert.Equal("default", await ThemeOfAsync(A));
        Assert.Equal("default", await ThemeOfAsync(B));
        var audit = (await A.Services.GetRequiredService<AuditQuery>().ListAsync(100, CancellationToken.None)).Value!;
        Assert.Equal(2, audit.Count(e => e.Action == "theme.set-active"));
    }
}

/// <summary>The two nodes on one SQLite file.</summary>
public sealed class SqliteThemeAcrossNodesTests : ThemeAcrossNodesTests
{
    protected override void ConfigureStore(Dictionary<string, string?> settings)
    {
    }
}

/// <summary>The two nodes on one PostgreSQL database (a private throwaway server).</summary>
public sealed class PostgreSqlThemeAcrossNodesTests : ThemeAcrossNodesTests
{
    private PostgresCluster _postgres = null!;

    public override async Task InitializeAsync()
    {
        _postgres = await PostgresCluster.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    protected override void ConfigureStore(Dictionary<string, string?> settings)
    {
        settings["Storage:Provider"] = "PostgreSQL";
        settings["Storage:ConnectionString"] = _postgres.ConnectionString;
    }
}

/// <summary>The upgrade path: an <c>active.json</c> from before is imported once into the empty store, then ignored.</summary>
public sealed class ActiveJsonImportTests : ThemeFarmTestBase
{
    protected override string? ActiveJsonAtStart => "contoso";

    protected override void ConfigureStore(Dictionary<string, string?> settings)
    {
    }

    [Fact]
    public async Task AnActiveJsonFromBefore_IsImportedOnceAtStartUp_AndIgnoredAfterwards()
    {
        Assert.Equal("contoso", StoredActive());
        Assert.Equal("contoso", await ThemeOfAsync(A));
        Assert.Equal("contoso", await ThemeOfAsync(B));
        var audit = (await A.Services.GetRequiredService<AuditQuery>().ListAsync(100, CancellationToken.None)).Value!;
        Assert.Single(audit, e => e.Action == "theme.import-active" && e.Target == "contoso");

        // The file no longer decides: editing it changes nothing, even after the cache bound.
        File.WriteAllText(Path.Combine(ThemesPath, "active.json"), """{ "active": "fabrikam" }""");
        A.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("contoso", await ThemeOfAsync(A));
        Assert.Equal("contoso", await ThemeOfAsync(B));
    }
}

/// <summary>An <c>active.json</c> naming a theme that does not exist is refused (CAA1401): nothing is imported.</summary>
public sealed class ActiveJsonUnknownThemeImportTests : ThemeFarmTestBase
{
    protected override string? ActiveJsonAtStart => "nope";

    protected override void ConfigureStore(Dictionary<string, string?> settings)
    {
    }

    [Fact]
    public async Task AnActiveJsonNamingAnUnknownTheme_IsNotImported_AndTheConfiguredThemeApplies()
    {
        Assert.Null(StoredActive());
        Assert.Equal("default", await ThemeOfAsync(A));
        Assert.Equal("default", await ThemeOfAsync(B));
        var result = await A.Services.GetRequiredService<ThemeManager>().ImportActiveFileAsync("test", CancellationToken.None);
        Assert.Equal("CAA1401", result.Error?.Code);
    }
}
