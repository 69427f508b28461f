namespace CertAuth.Federation.Protocols.Saml;

/// <summary>Subject confirmation methods (SAML 2.0 Profiles §3).</summary>
public static class SubjectConfirmationMethods
{
    /// <summary>Bearer.</summary>
    public const string Bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

    /// <summary>Holder of key.</summary>
    public const string HolderOfKey = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key";
}
