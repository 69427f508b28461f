namespace CertAuth.Federation.Certificates.Mapping;

/// <summary>Kinds of GeneralName read from a SAN extension (RFC 5280 §4.2.1.6).</summary>
internal enum SubjectAlternativeNameKind
{
    Upn,
    OtherName,
    Rfc822Name,
    DnsName,
    DirectoryName,
    Uri,
    IPAddress,
    RegisteredId,
    Other,
}
