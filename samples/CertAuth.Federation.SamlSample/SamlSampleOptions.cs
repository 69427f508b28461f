using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.SamlSample;

/// <summary>
/// Settings of the SAML sample (section <c>SamlSample</c> of <c>samlsample.json</c>, environment variables
/// <c>SamlSample__*</c> or <c>--SamlSample:*</c> arguments). Relative paths resolve against the first folder upwards from
/// the working directory that has <c>certs-dev/</c>.
/// </summary>
public sealed class SamlSampleOptions
{
    /// <summary>Loopback port of the app's TLS listener (default 44303).</summary>
    public int ListenPort { get; set; } = 44303;

    /// <summary>The relying party's entity id: the audience its tokens must name (default <c>https://localhost:44303/</c>).</summary>
    public string EntityId { get; set; } = "https://localhost:44303/";

    /// <summary>The federation server's metadata (entity id, signing certificates, single sign-on URL), fetched over TLS.</summary>
    public Uri FederationMetadataUrl { get; set; } = new("https://localhost:44300/FederationMetadata/2007-06/FederationMetadata.xml");

    /// <summary>PFX of the app's TLS certificate (default: the development <c>certs-dev/localhost-tls.pfx</c>).</summary>
    public string TlsCertificatePath { get; set; } = "certs-dev/localhost-tls.pfx";

    /// <summary>Password of <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsCertificatePassword { get; set; }

    /// <summary>The root CA the federation server's TLS certificate chains to (the metadata download trusts only it).</summary>
    public string TrustedRootPath { get; set; } = "certs-dev/root-ca.cer";

    /// <summary>Set in code (tests) instead of <see cref="TlsCertificatePath"/>.</summary>
    public X509Certificate2? TlsCertificate { get; set; }

    /// <summary>Set in code (tests) instead of <see cref="TrustedRootPath"/>.</summary>
    public X509Certificate2? TrustedRoot { get; set; }
}
