namespace CertAuth.Federation.Certificates.Mapping;

/// <summary>Where the user identifier was found in the certificate.</summary>
public enum CertificateMappingSource
{
    /// <summary>SAN otherName User Principal Name (1.3.6.1.4.1.311.20.2.3).</summary>
    SanUpn = 0,

    /// <summary>SAN rfc822Name (e-mail address).</summary>
    SanRfc822 = 1,

    /// <summary>The subject DN's emailAddress (1.2.840.113549.1.9.1) attribute; deprecated, opt-in only.</summary>
    SubjectEmail = 2,
}
