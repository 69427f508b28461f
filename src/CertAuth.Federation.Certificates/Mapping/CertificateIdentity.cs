namespace CertAuth.Federation.Certificates.Mapping;

/// <summary>The user identifiers read from a certificate and the one that matched the mapping order.</summary>
public sealed record CertificateIdentity
{
    /// <summary>The first non-empty SAN UPN, if any.</summary>
    public string? Upn { get; init; }

    /// <summary>The first non-empty SAN rfc822Name (or, when enabled, subject e-mail), if any.</summary>
    public string? Email { get; init; }

    /// <summary>The value used to find the user.</summary>
    public required string MatchedValue { get; init; }

    /// <summary>Where <see cref="MatchedValue"/> came from.</summary>
    public required CertificateMappingSource MatchedBy { get; init; }
}
