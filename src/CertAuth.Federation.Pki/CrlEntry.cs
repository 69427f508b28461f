using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Pki;

/// <summary>One revoked certificate to write into a CRL.</summary>
/// <param name="SerialNumber">Big-endian serial bytes as in the certificate (leading zero octets are fine).</param>
/// <param name="RevocationDate">When the certificate was revoked.</param>
/// <param name="Reason">Optional CRL reason code (RFC 5280 §5.3.1).</param>
public readonly record struct CrlEntry(ReadOnlyMemory<byte> SerialNumber, DateTimeOffset RevocationDate, X509RevocationReason? Reason = null)
{
    /// <summary>Creates an entry from a hex serial number (as <see cref="X509Certificate2.SerialNumber"/>).</summary>
    public static CrlEntry FromSerialNumber(string serialNumberHex, DateTimeOffset revocationDate, X509RevocationReason? reason = null)
        => new(Convert.FromHexString(serialNumberHex), revocationDate, reason);

    /// <summary>Creates an entry for a certificate.</summary>
    public static CrlEntry For(X509Certificate2 certificate, DateTimeOffset revocationDate, X509RevocationReason? reason = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return FromSerialNumber(certificate.SerialNumber, revocationDate, reason);
    }
}
