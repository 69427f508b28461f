using System.Security.Cryptography.X509Certificates;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CertAuth.Federation.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Server.Tests.Pages;

/// <summary>
/// The federation server on plain HTTP loopback (pages only, no certificate listener), with the preview route on and a
/// private copy of the repository's <c>themes/</c> folder that tests may edit while the server runs.
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
        File.WriteAllBytes(Path.Combine(_folder, "signing.pfx"), Pki.TokenSigning.Export(X509ContentType.Pfx, "pw"));
        File.WriteAllBytes(Path.Combine(_folder, "root.cer"), Pki.Root.RawData);
        File.WriteAllBytes(Path.Combine(_folder, "issuing.cer"), Pki.Issuing.RawData);

        BaseUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "Data Source=" + Path.Combine(_folder, "certauth.db"),
            ["Federation:ConfigureKestrel"] = "false",
            // Without its own listeners the server needs a client-certificate source (ClientCertificateSourceCheck); plain HTTP here.
            ["Kestrel:EndpointDefaults:ClientCertificateMode"] = "AllowCertificate",
            ["Federation:EnablePreview"] = "true",
            ["Federation:DataProtectionKeysPath"] = Path.Combine(_folder, "keys"),
            ["Federation:SigningCertificate:Path"] = "signing.pfx",
            ["Federation:SigningCertificate:Password"] = "pw",
            ["Federation:TrustedCertificateAuthorities:0:Certificate"] = "root.cer",
            ["Federation:TrustedCertificateAuthorities:0:AuthorityType"] = "RootAuthority",
            ["Federation:TrustedCertificateAuthorities:1:Certificate"] = "issuing.cer",
            ["Federation:TrustedCertificateAuthorities:1:AuthorityType"] = "IntermediateAuthority",
            ["Federation:RelyingParties:0:EntityId"] = "urn:test:rp",
            ["Federation:RelyingParties:0:AssertionConsumerServiceUrls:0"] = "https://rp.test/acs",
            ["Themes:Path"] = "themes",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _folder, EnvironmentName = "Testing" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(BaseUrl.AbsoluteUri);
        builder.AddFederationServer();
        _app = builder.Build();
        _app.MapFederationServer();
        await _app.StartAsync();
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
