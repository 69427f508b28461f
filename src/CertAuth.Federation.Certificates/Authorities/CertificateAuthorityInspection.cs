using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Certificates.Authorities;

/// <summary>Result of inspecting an admin-supplied CA certificate (used by <c>certauth ca add</c>).</summary>
public sealed record CertificateAuthorityInspection
{
    /// <summary>True when there are no errors (warnings are allowed).</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>The certificate (public part), when readable.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Subject DN.</summary>
    public string? Subject { get; init; }

    /// <summary>Subject key identifier, upper-case hex (from the extension, or computed per RFC 5280 method 1).</summary>
    public string? SubjectKeyIdentifier { get; init; }

    /// <summary>SHA-256 thumbprint, upper-case hex.</summary>
    public string? Sha256Thumbprint { get; init; }

    /// <summary>Start of validity (UTC).</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>End of validity (UTC).</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>Blocking problems.</summary>
    public IReadOnlyList<CertificateAuthorityIssue> Errors { get; init; } = [];

    /// <summary>Non-blocking findings.</summary>
    public IReadOnlyList<CertificateAuthorityIssue> Warnings { get; init; } = [];
}
