namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>Revocation status of a certificate serial number at its CA.</summary>
public enum RevocationStatus
{
    /// <summary>Not on a valid CRL of the CA.</summary>
    Good = 0,

    /// <summary>On the CA's base or delta CRL.</summary>
    Revoked = 1,

    /// <summary>No valid CRL could be obtained: callers must fail closed.</summary>
    Unknown = 2,

    /// <summary>The CA has no CRL distribution point configured, so nothing was checked (admin's choice).</summary>
    NotChecked = 3,
}
