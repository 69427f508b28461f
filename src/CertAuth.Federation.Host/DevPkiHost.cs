using System.Text.RegularExpressions;
using CertAuth.Federation.Pki;

namespace CertAuth.Federation.Host;

/// <summary>
/// The development PKI for a newcomer's first run: generated under <c>certs-dev/</c> when absent (never committed),
/// its CRLs republished when stale, and served over plain HTTP on loopback (<c>DevPki:CrlListenUrl</c>,
/// default <c>http://localhost:44380/crl/&lt;file&gt;</c>). Enabled by <c>DevPki:Enabled</c>; off in production.
/// </summary>
internal static partial class DevPkiHost
{
    public static WebApplication? Prepare(string contentRoot, IConfiguration configuration)
    {
        var section = configuration.GetSection("DevPki");
        if (!section.GetValue("Enabled", false))
        {
            return null;
        }

        var directory = Path.GetFullPath(Path.Combine(contentRoot, section["Directory"] ?? "certs-dev"));
        if (!DevPki.Exists(directory))
        {
            if (!DevPki.TryParseTlsKeyAlgorithm(section["TlsKeyAlgorithm"], out var tlsKeyAlgorithm))
            {
                throw new InvalidOperationException($"DevPki:TlsKeyAlgorithm '{section["TlsKeyAlgorithm"]}' is not RSA or ECDSA.");
            }

            DevPki.Generate(directory, TimeProvider.System, tlsKeyAlgorithm);
            Console.WriteLine($"Development PKI generated in {directory} (see certs-dev/README.md).");
        }
        else if (DevPki.CrlsNeedRepublishing(directory, TimeProvider.System))
        {
            DevPki.RepublishCrls(directory, TimeProvider.System);
        }

        DevPki.EnsureDataProtectionCertificate(directory, TimeProvider.System);

        var url = new Uri(section["CrlListenUrl"] ?? "http://localhost:44380");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = contentRoot });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Only DevPki:CrlListenUrl: Kestrel:Endpoints (e.g. a farm node's, scripts/farm.sh) configure the roles' listeners.
            kestrel.Configure(new ConfigurationBuilder().Build());
            kestrel.ListenLocalhost(url.Port);
        });
        builder.Services.AddHostedService(_ => new DevCrlRepublisher(directory, TimeProvider.System));
        var app = builder.Build();
        var crlFolder = Path.Combine(directory, "crl");
        app.MapGet("/crl/{name}", (string name) =>
        {
            if (!CrlFileName().IsMatch(name))
            {
                return Results.NotFound();
            }

            var path = Path.Combine(crlFolder, name);
            return File.Exists(path) ? Results.Bytes(File.ReadAllBytes(path), "application/pkix-crl") : Results.NotFound();
        });
        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Development CRL distribution point: {new Uri(url, "/crl/")}"));
        return app;
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}\\.crl$", RegexOptions.CultureInvariant)]
    private static partial Regex CrlFileName();
}
