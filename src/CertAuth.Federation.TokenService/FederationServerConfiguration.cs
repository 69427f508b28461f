namespace CertAuth.Federation.TokenService;

/// <summary>A federation server to trust, as configured in <c>TokenService:FederationServers</c>.</summary>
public sealed class FederationServerConfiguration
{
    /// <summary>Entity id (the Issuer of its assertions). Read from the metadata when <see cref="MetadataFile"/> is set.</summary>
    public string? EntityId { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>Single sign-on URL (HTTP-Redirect). Read from the metadata when <see cref="MetadataFile"/> is set.</summary>
    public string? SingleSignOnUrl { get; set; }

    /// <summary>Federation metadata file (its signing certificates, entity id and SSO URL are imported).</summary>
    public string? MetadataFile { get; set; }

    /// <summary>
    /// Metadata URL (https) refreshed every <c>TokenService:FederationMetadata:RefreshInterval</c>: the trust's signing
    /// certificates follow the federation server's rollover (issue 13 item 2). The first certificates still come from
    /// <see cref="SigningCertificates"/> or <see cref="MetadataFile"/>.
    /// </summary>
    public string? MetadataUrl { get; set; }

    /// <summary>Signing certificate files (.cer, DER or PEM); several during key rollover.</summary>
    public List<string> SigningCertificates { get; set; } = [];

    /// <summary>Accept IdP-initiated responses whose RelayState names the client. Default false.</summary>
    public bool AllowUnsolicited { get; set; }

    /// <summary>
    /// How the browser is sent there: <c>Saml2</c> (signed AuthnRequest, answer at <c>/saml2/acs</c>; default) or
    /// <c>WsFederation</c> (<c>wa=wsignin1.0&amp;wtrealm=…&amp;wreply=…/wsfed&amp;wctx=…</c>, answer at <c>/wsfed</c>).
    /// </summary>
    public string? Protocol { get; set; }
}
