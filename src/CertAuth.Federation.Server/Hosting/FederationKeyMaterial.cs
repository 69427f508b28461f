using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>
/// The federation server's TLS and token-signing certificates, read once when first asked for: at host start, by the
/// start-up load <see cref="FederationServerExtensions.AddFederationServer"/> registers (issue 12 item 7: registration
/// reads no file). A missing or unreadable file throws <see cref="Storage.Hosting.StartupConfigurationException"/> naming
/// <c>Federation:SigningCertificate</c> or <c>Federation:TlsCertificate</c> and the file.
/// </summary>
internal sealed class FederationKeyMaterial(IOptions<FederationServerOptions> options, ContentRoot contentRoot)
{
    private readonly Lazy<SigningCredentials> _credentials = new(() => Load(options.Value, contentRoot.Path), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The loaded certificates (loads them on first use).</summary>
    public SigningCredentials Credentials => _credentials.Value;

    private static SigningCredentials Load(FederationServerOptions options, string contentRoot)
    {
        // The same files, in the same order, as before issue 12: the TLS certificate when this role makes its listeners
        // (or one is configured anyway), then the token-signing certificate.
        var tls = options.ConfigureKestrel || options.TlsCertificate.Path is not null
            ? CertificateFiles.LoadWithPrivateKey(options.TlsCertificate, contentRoot, "Federation:TlsCertificate")
            : null;
        var signing = CertificateFiles.LoadWithPrivateKey(options.SigningCertificate, contentRoot, "Federation:SigningCertificate");
        return new SigningCredentials(signing, tls);
    }
}
