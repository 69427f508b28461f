namespace CertAuth.Federation.Certificates.Claims;

/// <summary>One certificate claim (type URI from <see cref="CertificateClaimTypes"/>, string value).</summary>
/// <param name="Type">The claim type URI.</param>
/// <param name="Value">The value in its canonical form.</param>
public sealed record CertificateClaim(string Type, string Value);
