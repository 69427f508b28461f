namespace CertAuth.Federation.Administration.RelyingParties;

/// <summary>
/// The fields of a relying-party add or set. Null leaves a field as it is (set) or at its default (add); a list
/// replaces the stored list. Documents come as content: <see cref="MetadataXml"/> (named by <see cref="MetadataSource"/>
/// in messages and audit) and <see cref="SigningCertificate"/> (DER or PEM, named by <see cref="SigningCertificateSource"/>).
/// </summary>
public sealed record RelyingPartyChanges
{
    public string? MetadataXml { get; init; }

    public string? MetadataSource { get; init; }

    public IReadOnlyList<string>? Acs { get; init; }

    public IReadOnlyList<string>? AddAcs { get; init; }

    public IReadOnlyList<string>? RemoveAcs { get; init; }

    public string? DisplayName { get; init; }

    public byte[]? SigningCertificate { get; init; }

    public string? SigningCertificateSource { get; init; }

    public bool ClearSigningCertificate { get; init; }

    public bool? RequireSignedRequests { get; init; }

    public bool? SignResponse { get; init; }

    public string? NameIdFormat { get; init; }

    public IReadOnlyList<string>? Claims { get; init; }

    public bool ClearClaims { get; init; }

    public int? TokenLifetimeMinutes { get; init; }

    public string? Theme { get; init; }

    public bool ClearTheme { get; init; }

    public bool? Enabled { get; init; }

    /// <summary>Sign-in protocol as typed: saml2 or wsfed (<see cref="Validation.ProtocolNames"/>).</summary>
    public string? Protocol { get; init; }

    /// <summary>WS-Federation token type as typed: saml11 or saml2 (<see cref="Validation.ProtocolNames"/>).</summary>
    public string? TokenType { get; init; }

    /// <summary>The SAML 2.0 SingleLogoutService URL (absolute https) for single logout.</summary>
    public string? SingleLogoutServiceUrl { get; init; }

    /// <summary>Its binding as typed: redirect or post (or the binding URI); default redirect.</summary>
    public string? SingleLogoutServiceBinding { get; init; }

    /// <summary>Forget the SingleLogoutService (the party then takes no part in single logout).</summary>
    public bool ClearSingleLogoutService { get; init; }
}

/// <summary>A relying-party change made: the record as stored and one "field=value" line per change.</summary>
public sealed record RelyingPartyChange(Storage.Entities.RelyingPartyRecord Record, string Details);
