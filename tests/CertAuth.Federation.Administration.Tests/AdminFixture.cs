using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing;

namespace CertAuth.Federation.Administration.Tests;

/// <summary>
/// Both roles (the test kit's <see cref="TokenServiceFixture"/>) with their admin APIs on: an admin CA generated now
/// (written to a temporary .cer that both roles name in <c>…:Admin:ClientCaCertificate</c>), an admin client
/// certificate it issued, and each role's admin listener on its own loopback port.
/// </summary>
public class AdminFixture : TokenServiceFixture
{
    private readonly string _adminFolder = Path.Combine(Path.GetTempPath(), "certauth-admin-tests", Guid.NewGuid().ToString("N"));

    public AdminFixture()
    {
        var now = Clock.GetUtcNow();
        AdminCa = CertificateFactory.CreateRootCa("CN=CertAuth Test Admin CA", now.AddDays(-1), now.AddYears(1));
        using var issued = CertificateFactory.CreateUser(AdminCa, new UserCertificateOptions
        {
            Subject = "CN=Alice Admin, O=Contoso Operations",
            NotBefore = now.AddDays(-1),
            NotAfter = now.AddDays(30),
        });

        // Through PKCS#12 so that the TLS stack can use the private key for client authentication.
        AdminCertificate = X509CertificateLoader.LoadPkcs12(issued.Export(X509ContentType.Pfx, "x"), "x");
        FederationAdminUrl = new Uri($"https://localhost:{FreePort()}/");
        TokenServiceAdminUrl = new Uri($"https://localhost:{FreePort()}/");
    }

    public X509Certificate2 AdminCa { get; }

    public X509Certificate2 AdminCertificate { get; }

    public Uri FederationAdminUrl { get; }

    public Uri TokenServiceAdminUrl { get; }

    public string AdminCaPath => Path.Combine(_adminFolder, "admin-ca.cer");

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(_adminFolder);
        await File.WriteAllBytesAsync(AdminCaPath, AdminCa.RawData);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_adminFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    protected override void ConfigureSettings(IDictionary<string, string?> settings)
    {
        settings["Federation:Admin:Enabled"] = "true";
        settings["Federation:Admin:Url"] = FederationAdminUrl.AbsoluteUri.TrimEnd('/');
        settings["Federation:Admin:ClientCaCertificate"] = AdminCaPath;
    }

    protected override void ConfigureTokenServiceSettings(IDictionary<string, string?> settings)
    {
        settings["TokenService:Admin:Enabled"] = "true";
        settings["TokenService:Admin:Url"] = TokenServiceAdminUrl.AbsoluteUri.TrimEnd('/');
        settings["TokenService:Admin:ClientCaCertificate"] = AdminCaPath;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
