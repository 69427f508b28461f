using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Cli.Tests.Infrastructure;

/// <summary>Builds throw-away certificates for the tests with <see cref="CertificateRequest"/>; nothing is committed.</summary>
public static class TestCertificates
{
    public static X509Certificate2 Root(string name, DateTimeOffset notBefore, DateTimeOffset notAfter, bool ecdsa = false)
    {
        var request = ecdsa ? EcdsaRequest(name) : RsaRequest(name);
        AddCaExtensions(request);
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    public static X509Certificate2 Intermediate(X509Certificate2 issuer, string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddCaExtensions(request);
        using var issued = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>A self-signed certificate without basicConstraints CA:true (an end-entity).</summary>
    public static X509Certificate2 EndEntity(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = RsaRequest(name);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>A self-signed CA certificate signed with RSA-PSS.</summary>
    public static X509Certificate2 PssRoot(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        AddCaExtensions(request);
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    public static string WriteDer(X509Certificate2 certificate, string path)
    {
        File.WriteAllBytes(path, certificate.RawData);
        return path;
    }

    public static string WritePem(X509Certificate2 certificate, string path)
    {
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    private static CertificateRequest RsaRequest(string name)
    {
        var key = RSA.Create(2048);
        return new CertificateRequest($"CN={name}, O=CertAuth Tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static CertificateRequest EcdsaRequest(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest($"CN={name}, O=CertAuth Tests", key, HashAlgorithmName.SHA256);
    }

    private static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }
}
