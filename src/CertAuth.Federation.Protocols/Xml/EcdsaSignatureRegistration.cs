using System.Security.Cryptography;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// One-time, idempotent registration of the ECDSA signature descriptions with <see cref="CryptoConfig"/>. This is the
/// only process-wide side effect of the library: it adds four names that are otherwise unknown and replaces nothing.
/// </summary>
public static class EcdsaSignatureRegistration
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha1SignatureDescription), SignatureAlgorithms.EcdsaSha1);
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha256SignatureDescription), SignatureAlgorithms.EcdsaSha256);
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha384SignatureDescription), SignatureAlgorithms.EcdsaSha384);
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha512SignatureDescription), SignatureAlgorithms.EcdsaSha512);
        return true;
    });

    /// <summary>Registers the descriptions if not done yet. Safe to call from many threads.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;
}
