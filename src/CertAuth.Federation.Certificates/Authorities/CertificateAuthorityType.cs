namespace CertAuth.Federation.Certificates.Authorities;

/// <summary>The role of a trusted certificate authority (values as in Azure AD's <c>CertificateAuthorityInformation</c>).</summary>
public enum CertificateAuthorityType
{
    /// <summary>A self-signed trust anchor. Chains must end at one of these.</summary>
    RootAuthority = 0,

    /// <summary>A subordinate CA. Used to build the chain; never a trust anchor on its own.</summary>
    IntermediateAuthority = 1,
}
