namespace CertAuth.Federation.Certificates.Mapping;

/// <summary>One decoded SAN entry.</summary>
internal readonly record struct SubjectAlternativeNameEntry(SubjectAlternativeNameKind Kind, string Value);
