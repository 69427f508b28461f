namespace CertAuth.Federation.Certificates.Authorities;

/// <summary>One finding of <see cref="CertificateAuthorityInspector"/>.</summary>
/// <param name="Code">The stable code.</param>
/// <param name="Message">Text for the administrator.</param>
public sealed record CertificateAuthorityIssue(CertificateAuthorityIssueCode Code, string Message);
