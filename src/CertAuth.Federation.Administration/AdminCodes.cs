namespace CertAuth.Federation.Administration;

/// <summary>
/// Stable refusal codes of the administration managers, the same whichever front end (CLI, admin HTTP API, seeding
/// from appsettings.json) asked. The admin HTTP API returns them in its JSON problem responses; the CLI prints the
/// message; the seeders stop start-up with code and message.
/// </summary>
public static class AdminCodes
{
    /// <summary>A required value is missing or empty.</summary>
    public const string Required = "CAA1001";

    /// <summary>A value is longer than its bound, or free text contains control characters.</summary>
    public const string TooLong = "CAA1002";

    /// <summary>An identifier contains spaces or control characters.</summary>
    public const string InvalidIdentifier = "CAA1003";

    /// <summary>A UPN or e-mail address is not of the form local@domain.</summary>
    public const string InvalidAddress = "CAA1004";

    /// <summary>A URL is not absolute, has a fragment or user information.</summary>
    public const string InvalidUrl = "CAA1010";

    /// <summary>An endpoint URL (ACS, redirect URI, SSO) is not https (http only for localhost).</summary>
    public const string InsecureUrl = "CAA1011";

    /// <summary>A CRL distribution point is not http or https.</summary>
    public const string CrlUrlScheme = "CAA1012";

    /// <summary>A token lifetime is out of bounds.</summary>
    public const string TokenLifetime = "CAA1013";

    /// <summary>A theme name is not 1-64 letters, digits, '-' or '_'.</summary>
    public const string ThemeName = "CAA1014";

    /// <summary>An issuer SKI is not an even number of hex digits.</summary>
    public const string IssuerSki = "CAA1015";

    /// <summary>An issuer is not an X.500 distinguished name.</summary>
    public const string IssuerName = "CAA1016";

    /// <summary>A CRL grace period is unreadable or out of bounds.</summary>
    public const string CrlGrace = "CAA1017";

    /// <summary>An update names nothing to change.</summary>
    public const string NothingToChange = "CAA1018";

    /// <summary>A list has too many (or too few) entries.</summary>
    public const string ListBounds = "CAA1019";

    /// <summary>A NameID format is neither a known short name nor an absolute URI.</summary>
    public const string NameIdFormat = "CAA1020";

    /// <summary>An OAuth grant type is not supported.</summary>
    public const string GrantType = "CAA1021";

    /// <summary>An audit query asks for too few or too many entries.</summary>
    public const string AuditTake = "CAA1022";

    /// <summary>A role name is not federation, tokenservice or both, or the role is not served here.</summary>
    public const string Role = "CAA1023";

    /// <summary>Signed requests are required but no signing certificate is known.</summary>
    public const string SigningCertificateRequired = "CAA1024";

    /// <summary>A protocol or token type is not one of the supported names (saml2 / wsfed; saml11 / saml2).</summary>
    public const string Protocol = "CAA1025";

    /// <summary>A SingleLogoutService binding is not redirect or post, or single logout is asked of a WS-Federation trust.</summary>
    public const string SingleLogoutService = "CAA1031";

    /// <summary>A post-logout redirect URI is not an absolute https URL (or http on loopback), or has a fragment or user info.</summary>
    public const string PostLogoutRedirectUri = "CAA1032";

    /// <summary>A signing key's activation delay is negative or longer than the bound.</summary>
    public const string KeyActivation = "CAA1026";

    /// <summary>A token-signing certificate is unusable: unreadable PFX or wrong password, no RSA private key, key under 2048 bits, too large.</summary>
    public const string SigningCertificateUnusable = "CAA1051";

    /// <summary>The token-signing certificates' state refuses the change (a secondary already exists, no primary to roll over, the target is not a secondary).</summary>
    public const string SigningCertificateState = "CAA1052";

    /// <summary>A token-signing certificate's promotion delay or lifetime is out of bounds.</summary>
    public const string SigningCertificateTiming = "CAA1053";

    /// <summary>A federation trust's metadata URL is not an absolute https URL, or a fetched metadata document is not signed by a certificate the trust already has.</summary>
    public const string MetadataSignature = "CAA1054";

    /// <summary>The bytes are not one readable X.509 certificate (DER or PEM), or hold a private key.</summary>
    public const string CertificateUnreadable = "CAA1101";

    /// <summary>The certificate is not a CA certificate (basicConstraints CA:true missing, or keyUsage lacks keyCertSign).</summary>
    public const string NotACertificateAuthority = "CAA1102";

    /// <summary>A root CA is not self-signed, or its self-signature does not verify.</summary>
    public const string RootNotSelfSigned = "CAA1103";

    /// <summary>An intermediate CA is self-signed (it is a root).</summary>
    public const string IntermediateSelfSigned = "CAA1104";

    /// <summary>The CA certificate has expired.</summary>
    public const string CertificateExpired = "CAA1105";

    /// <summary>The trusted issuer or issuer SKI does not match the CA certificate.</summary>
    public const string TrustedIssuerMismatch = "CAA1106";

    /// <summary>The CA certificate is signed with SHA-1 and the role does not allow SHA-1.</summary>
    public const string Sha1Signature = "CAA1107";

    /// <summary>A SAML metadata document is unusable (unreadable, unsafe, too large, wrong descriptor, no usable endpoint).</summary>
    public const string Metadata = "CAA1201";

    /// <summary>The entity id given differs from the metadata's entityID.</summary>
    public const string MetadataEntityMismatch = "CAA1202";

    /// <summary>The record already exists.</summary>
    public const string Duplicate = "CAA1301";

    /// <summary>No such record.</summary>
    public const string NotFound = "CAA1302";

    /// <summary>The store refused the change (a concurrent change won).</summary>
    public const string Conflict = "CAA1303";

    /// <summary>A theme folder or file is missing or would be overwritten.</summary>
    public const string Theme = "CAA1401";
}
