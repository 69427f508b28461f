using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Testing;
using Microsoft.AspNetCore.Builder;

namespace CertAuth.Federation.Server.Tests.Pages;

/// <summary>
/// The federation server on plain HTTP loopback (pages only, no certificate listener), with the preview route on and a
/// private copy of the repository's <c>themes/</c> folder that tests may edit while the server runs. The host is the
/// test kit's <see cref="LoopbackHostBuilder"/> in its plain-HTTP mode.
/// </summary>
public sealed class PagesServer : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-pages-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public PagesServer()
    {
        Pki = new TestCertificates(DateTimeOffset.UtcNow);
    }

    public TestCertificates Pki { get; }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The server's themes folder (a copy of the repository's, safe to edit).</summary>
    public string ThemesPath => Path.Combine(_folder, "themes");

    public IServiceProvider Services => _app!.Services;

    /// <summary>Extra settings, applied before start (set by a derived fixture).</summary>
    internal Dictionary<string, string?> ExtraSettings { get; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        CopyDirectory(Path.Combine(RepositoryRoot(), "themes"), ThemesPath);
        BaseUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var host = new LoopbackHostBuilder(LoopbackRole.FederationServer, _folder)
            .UseSqlite(Path.Combine(_folder, "certauth.db"))
            .UsePlainHttp(BaseUrl)
            .UseSigningCertificate(Pki.TokenSigning, "pw")
            .TrustCertificateAuthority(Pki.Root, root: true, "root.cer")
            .TrustCertificateAuthority(Pki.Issuing, root: false, "issuing.cer");
        host.WaitForCrlPreload = false;
        host.Settings["Federation:EnablePreview"] = "true";
        host.Settings["Federation:DataProtectionKeysPath"] = Path.Combine(_folder, "keys");
        host.Settings["Federation:RelyingParties:0:EntityId"] = "urn:test:rp";
        host.Settings["Federation:RelyingParties:0:AssertionConsumerServiceUrls:0"] = "https://rp.test/acs";
        host.Settings["Themes:Path"] = "themes";
        foreach (var (key, value) in ExtraSettings)
        {
            host.Settings[key] = value;
        }

        _app = await host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Pki.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public HttpClient CreateClient(string? userAgent = null, string? acceptLanguage = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent ?? "CertAuthTests/1.0");
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        return client;
    }

    /// <summary>GETs the preview of a page and parses it.</summary>
    public async Task<(HttpResponseMessage Response, IDocument Document)> PreviewAsync(string code, string? theme = null, string? locale = null, string? browser = null)
    {
        var query = "code=" + code + (theme is null ? "" : "&theme=" + Uri.EscapeDataString(theme))
            + (locale is null ? "" : "&locale=" + Uri.EscapeDataString(locale)) + (browser is null ? "" : "&browser=" + browser);
        using var client = CreateClient();
        var response = await client.GetAsync("/adfs/portal/preview?" + query);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return (response, document);
    }

    /// <summary>The repository root (the folder with <c>themes/default/theme.json</c>), found upwards from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "themes", "default", "theme.json")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with themes/default/theme.json) was not found above " + AppContext.BaseDirectory);
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            if (Path.GetFileName(file) != "active.json")
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        foreach (var folder in Directory.GetDirectories(source))
        {
            CopyDirectory(folder, Path.Combine(target, Path.GetFileName(folder)));
        }
    }
}
