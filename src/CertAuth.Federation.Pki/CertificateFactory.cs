using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Cryptography;

namespace CertAuth.Federation.Pki;

/// <summary>
/// Creates the certificates of a development/test PKI: root and intermediate CAs, a localhost TLS certificate, a
/// token-signing certificate and user certificates. Every certificate gets SKI and (when issued) AKI extensions.
/// Returned certificates carry their private keys. Times are explicit (callers take them from a TimeProvider).
/// </summary>
public static class CertificateFactory
{
    /// <summary>
    /// Creates a self-signed root CA (CA:true, no path length constraint, keyCertSign + cRLSign). SHA-1 needs a
    /// <paramref name="signatureGenerator"/> (tests only; this library does not sign with SHA-1).
    /// </summary>
    public static X509Certificate2 CreateRootCa(
        string subject, DateTimeOffset notBefore, DateTimeOffset notAfter,
        PkiKeyAlgorithm keyAlgorithm = PkiKeyAlgorithm.Rsa, HashAlgorithmName? hashAlgorithm = null,
        Func<AsymmetricAlgorithm, X509SignatureGenerator>? signatureGenerator = null)
    {
        var key = CreateKey(keyAlgorithm, 2048);
        return Issue(new X500DistinguishedName(subject), key, issuer: null, notBefore, notAfter, hashAlgorithm, serial: null, signatureGenerator, request =>
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(
                X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        });
    }

    /// <summary>Creates an intermediate CA issued by <paramref name="issuer"/> (path length 0 by default; null = none).</summary>
    public static X509Certificate2 CreateIntermediateCa(
        X509Certificate2 issuer, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, int? pathLengthConstraint = 0,
        PkiKeyAlgorithm keyAlgorithm = PkiKeyAlgorithm.Rsa, int rsaKeySize = 2048, HashAlgorithmName? hashAlgorithm = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var key = CreateKey(keyAlgorithm, rsaKeySize);
        return Issue(new X500DistinguishedName(subject), key, issuer, notBefore, notAfter, hashAlgorithm, serial: null, signatureGenerator: null, request =>
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
                true, pathLengthConstraint.HasValue, pathLengthConstraint ?? 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(
                X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        });
    }

    /// <summary>
    /// Creates a TLS server certificate (SAN DNS name + 127.0.0.1 + ::1, serverAuth EKU) with an RSA-2048 key (default;
    /// keyUsage digitalSignature + keyEncipherment) or an ECDSA P-256 key (<see cref="PkiKeyAlgorithm.EcdsaP256"/>;
    /// keyUsage digitalSignature only, as TLS 1.3 and ECDHE suites sign with it and never encrypt to it).
    /// </summary>
    public static X509Certificate2 CreateTlsServer(
        X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, string dnsName = "localhost",
        PkiKeyAlgorithm keyAlgorithm = PkiKeyAlgorithm.Rsa)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        if (keyAlgorithm is not (PkiKeyAlgorithm.Rsa or PkiKeyAlgorithm.EcdsaP256))
        {
            throw new ArgumentOutOfRangeException(nameof(keyAlgorithm), keyAlgorithm, "A TLS server certificate has an RSA or ECDSA P-256 key.");
        }

        var key = CreateKey(keyAlgorithm, 2048);
        var usage = keyAlgorithm == PkiKeyAlgorithm.Rsa
            ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
            : X509KeyUsageFlags.DigitalSignature;
        return Issue(new X500DistinguishedName("CN=" + dnsName), key, issuer, notBefore, notAfter, null, serial: null, signatureGenerator: null, request =>
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            san.AddIpAddress(IPAddress.Loopback);
            san.AddIpAddress(IPAddress.IPv6Loopback);
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Oids.ServerAuthentication)], false));
        });
    }

    /// <summary>Creates a self-signed RSA-2048 token-signing certificate (digitalSignature).</summary>
    public static X509Certificate2 CreateTokenSigning(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var key = CreateKey(PkiKeyAlgorithm.Rsa, 2048);
        return Issue(new X500DistinguishedName(subject), key, issuer: null, notBefore, notAfter, null, serial: null, signatureGenerator: null, request =>
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        });
    }

    /// <summary>
    /// Creates a self-signed RSA-2048 certificate that encrypts data-protection keys at rest (keyEncipherment; ASP.NET Core's
    /// <c>ProtectKeysWithCertificate</c>, issue 13).
    /// </summary>
    public static X509Certificate2 CreateKeyEncryption(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var key = CreateKey(PkiKeyAlgorithm.Rsa, 2048);
        return Issue(new X500DistinguishedName(subject), key, issuer: null, notBefore, notAfter, null, serial: null, signatureGenerator: null, request =>
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, true));
        });
    }

    /// <summary>Creates a user (client) certificate issued by <paramref name="issuer"/>.</summary>
    public static X509Certificate2 CreateUser(X509Certificate2 issuer, UserCertificateOptions options)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(options);
        var key = CreateKey(options.KeyAlgorithm, options.RsaKeySize);
        return Issue(new X500DistinguishedName(options.Subject), key, issuer, options.NotBefore, options.NotAfter,
            options.HashAlgorithm, options.SerialNumber, options.SignatureGenerator, request =>
            {
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(options.IsCertificateAuthority, false, 0, true));
                var usage = options.KeyAlgorithm == PkiKeyAlgorithm.Rsa
                    ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
                    : X509KeyUsageFlags.DigitalSignature;
                if (options.IsCertificateAuthority)
                {
                    usage |= X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign;
                }

                request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
                if (options.ExtendedKeyUsages is { } ekus)
                {
                    var collection = new OidCollection();
                    foreach (var eku in ekus)
                    {
                        collection.Add(new Oid(eku));
                    }

                    request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(collection, false));
                }

                if (options.Upn is not null || options.Email is not null || options.DnsNames.Count > 0)
                {
                    var san = new SubjectAlternativeNameBuilder();
                    if (options.Upn is not null)
                    {
                        san.AddUserPrincipalName(options.Upn);
                    }

                    if (options.Email is not null)
                    {
                        san.AddEmailAddress(options.Email);
                    }

                    foreach (var dns in options.DnsNames)
                    {
                        san.AddDnsName(dns);
                    }

                    request.CertificateExtensions.Add(san.Build());
                }

                if (options.CrlDistributionPoint is { } cdp)
                {
                    request.CertificateExtensions.Add(
                        CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([cdp.AbsoluteUri]));
                }

                foreach (var extension in options.AdditionalExtensions)
                {
                    request.CertificateExtensions.Add(extension);
                }
            });
    }

    private static AsymmetricAlgorithm CreateKey(PkiKeyAlgorithm algorithm, int rsaKeySize) => algorithm switch
    {
        PkiKeyAlgorithm.Rsa => RSA.Create(rsaKeySize),
        PkiKeyAlgorithm.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        PkiKeyAlgorithm.Dsa => DSA.Create(2048),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    private static X509Certificate2 Issue(
        X500DistinguishedName subject,
        AsymmetricAlgorithm key,
        X509Certificate2? issuer,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        HashAlgorithmName? hashAlgorithm,
        byte[]? serial,
        Func<AsymmetricAlgorithm, X509SignatureGenerator>? signatureGenerator,
        Action<CertificateRequest> addExtensions)
    {
        var hash = hashAlgorithm ?? HashAlgorithmName.SHA256;
        var request = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, hash, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => new CertificateRequest(subject, ecdsa, hash),
            DSA dsa when issuer is not null => new CertificateRequest(subject, new PublicKey(dsa), hash),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
        addExtensions(request);
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(ski);

        var signingKey = issuer is null ? key : (AsymmetricAlgorithm?)issuer.GetRSAPrivateKey() ?? issuer.GetECDsaPrivateKey()
            ?? throw new ArgumentException("The issuer certificate has no usable private key.", nameof(issuer));
        var issuerSki = issuer is null ? ski.SubjectKeyIdentifierBytes : Convert.FromHexString(KeyIdentifiers.GetSubjectKeyIdentifier(issuer));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(issuerSki.Span));

        if (signatureGenerator is null && hash == HashAlgorithmName.SHA1)
        {
            throw new ArgumentException("This library does not sign with SHA-1; pass a signature generator (tests only).", nameof(hashAlgorithm));
        }

        var generator = signatureGenerator?.Invoke(signingKey) ?? signingKey switch
        {
            RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
            _ => throw new ArgumentOutOfRangeException(nameof(issuer)),
        };
        serial ??= NewSerialNumber();
        using var certificate = request.Create(issuer?.SubjectName ?? subject, generator, notBefore, notAfter, serial);
        return key switch
        {
            RSA rsa => certificate.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
            DSA dsa => certificate.CopyWithPrivateKey(dsa),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
    }

    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x10);
        return serial;
    }
}
