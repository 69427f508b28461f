using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Server;
using CertAuth.Federation.TokenService;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Testing;

/// <summary>The role a <see cref="LoopbackHostBuilder"/> starts.</summary>
public enum LoopbackRole
{
    /// <summary>The federation server (<c>AddFederationServer</c>/<c>MapFederationServer</c>, settings under <c>Federation:</c>).</summary>
    FederationServer,

    /// <summary>The token service (<c>AddTokenService</c>/<c>MapTokenService</c>, settings under <c>TokenService:</c>).</summary>
    TokenService,
}

/// <summary>
/// The one host builder of the test layers: starts one role of the product in-process, on its real Kestrel TLS
/// listeners (the ports the settings name) or on plain loopback HTTP, with its working files in
/// <see cref="ContentRoot"/>, a SQLite file or a PostgreSQL database as its store, an optional fake clock, in-memory
/// configuration (<see cref="Settings"/>) and service overrides. <see cref="FederationServerFixture"/>,
/// <see cref="TokenServiceFixture"/> and the product's own test harnesses are built on it; a test that needs both roles
/// starts two (each role has its own container, as in production).
/// <code>
/// var folder = Directory.CreateTempSubdirectory().FullName;
/// await using var app = await new LoopbackHostBuilder(LoopbackRole.FederationServer, folder)
///     .UseClock(clock)
///     .UseSqlite("certauth.db")
///     .UsePublicUrl($"https://localhost:{LoopbackPort.Next()}")
///     .Configure(s => s["Federation:ClockSkew"] = "00:01:00")
///     .StartAsync();
/// </code>
/// </summary>
public sealed class LoopbackHostBuilder
{
    private readonly List<Action<IServiceCollection>> _services = [];
    private readonly List<Action<WebApplicationBuilder>> _builders = [];
    private readonly List<ILoggerProvider> _loggers = [];
    private readonly List<Func<IServiceProvider, Task>> _beforeStart = [];
    private TimeProvider? _clock;
    private Uri? _plainHttpUrl;
    private int _trustedAuthorities;

    /// <summary>A builder for <paramref name="role"/> whose working files live in <paramref name="contentRoot"/> (created if missing).</summary>
    public LoopbackHostBuilder(LoopbackRole role, string contentRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentRoot);
        Role = role;
        ContentRoot = contentRoot;
        Directory.CreateDirectory(contentRoot);
    }

    /// <summary>The role this builder starts.</summary>
    public LoopbackRole Role { get; }

    /// <summary>The host's content root: relative paths in the settings (key files, the SQLite file) resolve here.</summary>
    public string ContentRoot { get; }

    /// <summary>The role's configuration section: <c>Federation</c> or <c>TokenService</c>.</summary>
    public string Section => Role == LoopbackRole.FederationServer ? "Federation" : "TokenService";

    /// <summary>The host's whole configuration (keys as in appsettings.json); the only source unless <see cref="KeepDefaultConfigurationSources"/>.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The host environment's name (default <c>Testing</c>).</summary>
    public string EnvironmentName { get; set; } = "Testing";

    /// <summary>
    /// False (default): <see cref="Settings"/> is the only configuration source. True: the default sources
    /// (appsettings.json in the content root, environment variables) stay, and the settings come last.
    /// </summary>
    public bool KeepDefaultConfigurationSources { get; set; }

    /// <summary>
    /// True (default): <see cref="StartAsync"/> returns once the start-up CRL load is done (as a load balancer waits for
    /// the probe), so a CRL a test publishes afterwards is never answered by a download that started earlier.
    /// </summary>
    public bool WaitForCrlPreload { get; set; } = true;

    /// <summary>Makes <paramref name="clock"/> the host's <see cref="TimeProvider"/> (e.g. a <c>FakeTimeProvider</c>).</summary>
    public LoopbackHostBuilder UseClock(TimeProvider clock)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        return this;
    }

    /// <summary>Stores in the SQLite file <paramref name="path"/> (absolute, or relative to <see cref="ContentRoot"/>).</summary>
    public LoopbackHostBuilder UseSqlite(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Settings["Storage:Provider"] = "Sqlite";
        Settings["Storage:ConnectionString"] = "Data Source=" + path;
        return this;
    }

    /// <summary>Stores in the PostgreSQL database <paramref name="connectionString"/> names.</summary>
    public LoopbackHostBuilder UsePostgreSql(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        Settings["Storage:Provider"] = "PostgreSQL";
        Settings["Storage:ConnectionString"] = connectionString;
        return this;
    }

    /// <summary>The role's public listener (<c>{Section}:PublicUrl</c>), e.g. <c>https://localhost:40123</c>.</summary>
    public LoopbackHostBuilder UsePublicUrl(string url)
    {
        Settings[Section + ":PublicUrl"] = url;
        return this;
    }

    /// <summary>The federation server's certificate sign-in listener (<c>Federation:CertificateSignInUrl</c>).</summary>
    public LoopbackHostBuilder UseCertificateSignInUrl(string url)
    {
        Settings["Federation:CertificateSignInUrl"] = url;
        return this;
    }

    /// <summary>
    /// The role does not configure Kestrel (<c>{Section}:ConfigureKestrel=false</c>): it listens on plain HTTP at
    /// <paramref name="url"/> only (pages and protocol tests that need no TLS).
    /// </summary>
    public LoopbackHostBuilder UsePlainHttp(Uri url)
    {
        _plainHttpUrl = url ?? throw new ArgumentNullException(nameof(url));
        Settings[Section + ":ConfigureKestrel"] = "false";
        // Without its own listeners the federation server needs a client-certificate source to start
        // (ClientCertificateSourceCheck): the Kestrel defaults ask for one (plain HTTP never gets one, as intended).
        Settings["Kestrel:EndpointDefaults:ClientCertificateMode"] = "AllowCertificate";
        return this;
    }

    /// <summary>Writes <paramref name="certificate"/> with its key as <paramref name="fileName"/> and makes it the role's TLS certificate.</summary>
    public LoopbackHostBuilder UseTlsCertificate(X509Certificate2 certificate, string password, string fileName = "tls.pfx")
        => UseKeyFile("TlsCertificate", certificate, password, fileName);

    /// <summary>Writes <paramref name="certificate"/> with its key as <paramref name="fileName"/> and makes it the federation server's token-signing certificate.</summary>
    public LoopbackHostBuilder UseSigningCertificate(X509Certificate2 certificate, string password, string fileName = "signing.pfx")
        => UseKeyFile("SigningCertificate", certificate, password, fileName);

    /// <summary>
    /// Writes <paramref name="authority"/> (public part) as <paramref name="fileName"/> and adds it to the next
    /// <c>Federation:TrustedCertificateAuthorities</c> entry (the section both roles seed their CA lists from), with
    /// its CRL distribution points when given.
    /// </summary>
    public LoopbackHostBuilder TrustCertificateAuthority(
        X509Certificate2 authority, bool root, string fileName, Uri? crl = null, Uri? deltaCrl = null)
    {
        ArgumentNullException.ThrowIfNull(authority);
        WriteFile(fileName, authority.RawData);
        var prefix = $"Federation:TrustedCertificateAuthorities:{_trustedAuthorities++}:";
        Settings[prefix + "Certificate"] = fileName;
        Settings[prefix + "AuthorityType"] = root ? "RootAuthority" : "IntermediateAuthority";
        if (crl is not null)
        {
            Settings[prefix + "CrlDistributionPoint"] = crl.AbsoluteUri;
        }

        if (deltaCrl is not null)
        {
            Settings[prefix + "DeltaCrlDistributionPoint"] = deltaCrl.AbsoluteUri;
        }

        return this;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="fileName"/> under <see cref="ContentRoot"/>.</summary>
    public LoopbackHostBuilder WriteFile(string fileName, byte[] content)
    {
        var path = Path.Combine(ContentRoot, fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return this;
    }

    /// <summary>Changes <see cref="Settings"/> (runs now).</summary>
    public LoopbackHostBuilder Configure(Action<Dictionary<string, string?>> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Settings);
        return this;
    }

    /// <summary>Adds or replaces services after the role has registered its own (the last registration wins).</summary>
    public LoopbackHostBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure ?? throw new ArgumentNullException(nameof(configure)));
        return this;
    }

    /// <summary>Changes the <see cref="WebApplicationBuilder"/> after the role is added (e.g. another Kestrel listener).</summary>
    public LoopbackHostBuilder ConfigureBuilder(Action<WebApplicationBuilder> configure)
    {
        _builders.Add(configure ?? throw new ArgumentNullException(nameof(configure)));
        return this;
    }

    /// <summary>Logs to <paramref name="provider"/> (by default the host logs nowhere).</summary>
    public LoopbackHostBuilder AddLoggerProvider(ILoggerProvider provider)
    {
        _loggers.Add(provider ?? throw new ArgumentNullException(nameof(provider)));
        return this;
    }

    /// <summary>Runs <paramref name="action"/> on the built host's services before it starts (e.g. to put a CA in its store).</summary>
    public LoopbackHostBuilder BeforeStart(Func<IServiceProvider, Task> action)
    {
        _beforeStart.Add(action ?? throw new ArgumentNullException(nameof(action)));
        return this;
    }

    /// <summary>Builds the host, maps the role's endpoints and starts it; the caller disposes the returned application.</summary>
    public async Task<WebApplication> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = ContentRoot, EnvironmentName = EnvironmentName });
        if (!KeepDefaultConfigurationSources)
        {
            builder.Configuration.Sources.Clear();
        }

        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Logging.ClearProviders();
        foreach (var logger in _loggers)
        {
            builder.Logging.AddProvider(logger);
        }

        if (_plainHttpUrl is not null)
        {
            builder.WebHost.UseUrls(_plainHttpUrl.AbsoluteUri);
        }

        if (_clock is not null)
        {
            builder.Services.AddSingleton(_clock);
        }

        if (Role == LoopbackRole.FederationServer)
        {
            builder.AddFederationServer();
        }
        else
        {
            builder.AddTokenService();
        }

        foreach (var configure in _services)
        {
            configure(builder.Services);
        }

        foreach (var configure in _builders)
        {
            configure(builder);
        }

        var app = builder.Build();
        try
        {
            if (Role == LoopbackRole.FederationServer)
            {
                app.MapFederationServer();
            }
            else
            {
                app.MapTokenService();
            }

            foreach (var action in _beforeStart)
            {
                await action(app.Services);
            }

            await app.StartAsync(cancellationToken);
            if (WaitForCrlPreload)
            {
                await app.Services.GetRequiredService<CrlPreloader>().Completion.WaitAsync(cancellationToken);
            }

            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private LoopbackHostBuilder UseKeyFile(string key, X509Certificate2 certificate, string password, string fileName)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        WriteFile(fileName, certificate.Export(X509ContentType.Pfx, password));
        Settings[$"{Section}:{key}:Path"] = fileName;
        Settings[$"{Section}:{key}:Password"] = password;
        return this;
    }
}
