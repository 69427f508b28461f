using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>The token-signing certificate (with private key) and the TLS certificate, loaded once at start-up.</summary>
public sealed class SigningCredentials(X509Certificate2 tokenSigning, X509Certificate2? tls)
{
    /// <summary>Signs assertions, responses and metadata.</summary>
    public X509Certificate2 TokenSigning { get; } = tokenSigning;

    /// <summary>Server certificate of both listeners (null when Kestrel is configured elsewhere).</summary>
    public X509Certificate2? Tls { get; } = tls;
}
