namespace CertAuth.Federation.Cli.Certificates;

/// <summary>The authority type of a trusted CA; values match <c>TrustedAuthorityRecord.AuthorityType</c>.</summary>
internal enum CaKind
{
    Root = 0,
    Intermediate = 1,
}
