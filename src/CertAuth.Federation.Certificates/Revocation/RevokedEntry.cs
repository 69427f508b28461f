using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>Compact revoked-certificate record stored per serial (UTC ticks + optional reason code).</summary>
internal readonly record struct RevokedEntry(long RevocationUtcTicks, sbyte Reason)
{
    public const sbyte NoReason = -1;

    public DateTimeOffset RevocationDate => new(RevocationUtcTicks, TimeSpan.Zero);

    public X509RevocationReason? RevocationReason => Reason == NoReason ? null : (X509RevocationReason)Reason;
}
