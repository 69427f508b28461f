using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// The key objects of a certificate, imported once per <see cref="X509Certificate2"/> instance instead of on every
/// signature or verification (<c>GetRSAPrivateKey()</c> and friends import the key into a new OpenSSL object each
/// call). Signing and trusted certificates live as long as their configuration, so the keys do too; entries go away
/// with the certificate object. The keys are shared: callers must not dispose them. Concurrent use of one RSA or ECDsa
/// instance for signing and verifying is safe on .NET's OpenSSL, CNG and Apple implementations.
/// </summary>
internal static class CertificateKeyCache
{
    private static readonly ConditionalWeakTable<X509Certificate2, Keys> Cache = new();

    public static RSA? RsaPrivate(X509Certificate2 certificate) => For(certificate).RsaPrivate.Value;

    public static ECDsa? EcdsaPrivate(X509Certificate2 certificate) => For(certificate).EcdsaPrivate.Value;

    public static RSA? RsaPublic(X509Certificate2 certificate) => For(certificate).RsaPublic.Value;

    public static ECDsa? EcdsaPublic(X509Certificate2 certificate) => For(certificate).EcdsaPublic.Value;

    private static Keys For(X509Certificate2 certificate) => Cache.GetValue(certificate, static c => new Keys(c));

    private sealed class Keys(X509Certificate2 certificate)
    {
        public Lazy<RSA?> RsaPrivate { get; } = new(() => certificate.HasPrivateKey ? certificate.GetRSAPrivateKey() : null);

        public Lazy<ECDsa?> EcdsaPrivate { get; } = new(() => certificate.HasPrivateKey ? certificate.GetECDsaPrivateKey() : null);

        public Lazy<RSA?> RsaPublic { get; } = new(certificate.GetRSAPublicKey);

        public Lazy<ECDsa?> EcdsaPublic { get; } = new(certificate.GetECDsaPublicKey);
    }
}
