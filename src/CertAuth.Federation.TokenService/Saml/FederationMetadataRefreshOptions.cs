namespace CertAuth.Federation.TokenService.Saml;

/// <summary>
/// Refreshing federation trusts from their metadata URL (<c>TokenService:FederationMetadata</c>, issue 13 item 2): how
/// often, how long a fetch may take, how large a document may be, and which TLS roots the metadata host's certificate
/// must chain to.
/// </summary>
public sealed class FederationMetadataRefreshOptions
{
    public const string SectionName = "TokenService:FederationMetadata";

    /// <summary>How often every trust with a metadata URL is fetched. Default 1 hour (well inside a federation server's promotion threshold).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Bound on one fetch. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest document read. Default 1 MiB.</summary>
    public int MaxBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// CA certificate files (.cer/.pem) the metadata host's TLS certificate must chain to. Empty: the machine's trust store.
    /// </summary>
    public List<string> TrustedTlsRootCertificates { get; set; } = [];
}
