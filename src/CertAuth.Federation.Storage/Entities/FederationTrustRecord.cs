namespace CertAuth.Federation.Storage.Entities;

/// <summary>A federation server (SAML identity provider) whose assertions the token service accepts.</summary>
public sealed class FederationTrustRecord
{
    public int Id { get; set; }

    /// <summary>The federation server's entity id (the Issuer of its assertions; unique).</summary>
    public required string EntityId { get; set; }

    public string? DisplayName { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Where AuthnRequests are sent (HTTP-Redirect binding).</summary>
    public required string SingleSignOnUrl { get; set; }

    /// <summary>Trusted signing certificates, base64 DER. Several at once during key rollover.</summary>
    public List<string> SigningCertificates { get; set; } = [];

    /// <summary>Accept IdP-initiated (unsolicited) responses whose RelayState names the client. Off by default.</summary>
    public bool AllowUnsolicited { get; set; }

    /// <summary>How the browser is sent there: <see cref="FederationProtocols.Saml2"/> (AuthnRequest, default) or <see cref="FederationProtocols.WsFederation"/> (wsignin1.0, answered at <c>/wsfed</c>).</summary>
    public string Protocol { get; set; } = FederationProtocols.Saml2;

    /// <summary>
    /// The federation server's metadata URL (https) the token service refreshes the signing certificates from on a
    /// schedule (issue 13 item 2); null: the certificates change only by an admin.
    /// </summary>
    public string? MetadataUrl { get; set; }

    /// <summary>When a document from <see cref="MetadataUrl"/> was last accepted.</summary>
    public DateTimeOffset? MetadataRefreshedAt { get; set; }

    /// <summary>Where the trust was imported from (metadata URL or file), for information.</summary>
    public string? MetadataSource { get; set; }

    public RecordSource Source { get; set; } = RecordSource.Administrator;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
