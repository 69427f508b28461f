namespace CertAuth.Federation.Server.Hosting;

/// <summary>
/// Client certificates forwarded by a TLS-terminating proxy in the RFC 9440 <c>Client-Cert</c> header
/// (<c>Federation:ForwardedClientCertificate</c>). Off by default: with no trusted proxy the header is removed from every
/// request and never read. A forwarded certificate is validated exactly like one presented in the TLS handshake.
/// </summary>
public sealed class ForwardedClientCertificateOptions
{
    /// <summary>The RFC 9440 header name.</summary>
    public const string HeaderName = "Client-Cert";

    /// <summary>
    /// Addresses (<c>10.0.0.5</c>, <c>::1</c>) or networks in CIDR form (<c>10.0.0.0/24</c>) of the proxies whose
    /// <c>Client-Cert</c> header is honoured, matched against the TCP peer address. Default empty: honour no one.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}
