namespace CertAuth.Federation.TokenService.Saml;

/// <summary>What a validated assertion says about the sign-in, in canonical form.</summary>
public sealed record SamlSignIn
{
    /// <summary>User principal name, lower-case.</summary>
    public required string Upn { get; init; }

    public string? ImmutableId { get; init; }

    public string? DisplayName { get; init; }

    public string? Email { get; init; }

    /// <summary>The AuthnInstant (the earliest, when several statements are present).</summary>
    public required DateTimeOffset AuthTime { get; init; }

    /// <summary>Entity id of the federation server.</summary>
    public required string FederationIssuer { get; init; }

    /// <summary>
    /// The user's key within <see cref="FederationIssuer"/>: the ImmutableID claim, else a non-transient NameID, else
    /// the UPN. Token-service users are keyed by (federation issuer, subject), never by UPN alone.
    /// </summary>
    public required string Subject { get; init; }

    /// <summary>Certificate serial number: upper-case hex without separators (as <c>X509Certificate2.SerialNumber</c>).</summary>
    public required string CertificateSerialNumber { get; init; }

    /// <summary>Certificate issuer DN, as sent (parsable as a distinguished name).</summary>
    public required string CertificateIssuer { get; init; }

    /// <summary>The assertion's NameID value and format, and its AuthnStatement's SessionIndex (SAML 2.0 logout needs them).</summary>
    public string? NameId { get; init; }

    public string? NameIdFormat { get; init; }

    public string? SessionIndex { get; init; }

    /// <summary>The certificate's Authority Key Identifier (upper-case hex), when the assertion carries it.</summary>
    public string? CertificateAuthorityKeyId { get; init; }
}
