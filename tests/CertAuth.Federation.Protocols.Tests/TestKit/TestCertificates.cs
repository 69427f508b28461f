using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Protocols.Tests.TestKit;

/// <summary>Throwaway certificates built in memory for the tests; nothing is written to disk.</summary>
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> IdpRsaLazy = new(() => CreateRsa("CN=Test IdP signing"));
    private static readonly Lazy<X509Certificate2> IdpRsaNextLazy = new(() => CreateRsa("CN=Test IdP signing (next)"));
    private static readonly Lazy<X509Certificate2> AttackerRsaLazy = new(() => CreateRsa("CN=Attacker"));
    private static readonly Lazy<X509Certificate2> IdpEcdsaLazy = new(() => CreateEcdsa("CN=Test IdP ECDSA signing"));

    public static X509Certificate2 IdpRsa => IdpRsaLazy.Value;

    public static X509Certificate2 IdpRsaNext => IdpRsaNextLazy.Value;

    public static X509Certificate2 AttackerRsa => AttackerRsaLazy.Value;

    public static X509Certificate2 IdpEcdsa => IdpEcdsaLazy.Value;

    /// <summary>The certificate without its private key, as a relying party would configure it.</summary>
    public static X509Certificate2 PublicOnly(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadCertificate(certificate.RawData);

    public static X509Certificate2 CreateRsa(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public static X509Certificate2 CreateEcdsa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }
}
