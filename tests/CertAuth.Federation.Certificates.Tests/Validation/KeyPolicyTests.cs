using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Certificates.Tests.Infrastructure;
using CertAuth.Federation.Certificates.Validation;

namespace CertAuth.Federation.Certificates.Tests.Validation;

/// <summary>
/// Issue 11, item 5: the key policy names RSA and EC keys; a certificate with any other key type (DSA, Ed25519/Ed448,
/// X25519/X448, an unknown algorithm OID) is refused — before the fix such keys counted as "size = max" and passed.
/// </summary>
public sealed class KeyPolicyTests : IDisposable
{
    private readonly CertificateServices _services;
    private readonly TestPki _pki;

    public KeyPolicyTests()
    {
        _services = new CertificateServices();
        _pki = TestPki.Create(_services.Clock);
        _services.Authorities.Set([_pki.RootAuthority(), _pki.IssuingAuthority()]);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Validate_DsaClientCertificate_IsUnsupportedKeyAlgorithm()
    {
        var dsa = _pki.IssueUser(_pki.UserOptions("dsa", "dsa@contoso.com") with { KeyAlgorithm = PkiKeyAlgorithm.Dsa });

        var result = await _services.Validator.ValidateAsync(dsa, null, default);

        Assert.Equal(CertificateFailureReason.UnsupportedKeyAlgorithm, result.Failure?.Reason);
        Assert.Equal("CERT_UNSUPPORTED_KEY_ALGORITHM", result.Failure?.Code);
        Assert.Contains("DSA", result.Failure!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.3.101.112", "Ed25519")]
    [InlineData("1.3.101.113", "Ed448")]
    [InlineData("1.3.101.110", "X25519")]
    [InlineData("1.3.101.111", "X448")]
    [InlineData("1.3.6.1.4.1.99999.7", "unknown (1.3.6.1.4.1.99999.7)")]
    public async Task Validate_ClientCertificateWithAnotherKeyType_IsUnsupportedKeyAlgorithm(string oid, string name)
    {
        using var certificate = IssueWithKey(oid);

        Assert.Equal((name, 0), CertificateRules.GetKeySize(certificate));
        var result = await _services.Validator.ValidateAsync(certificate, null, default);

        Assert.Equal(CertificateFailureReason.UnsupportedKeyAlgorithm, result.Failure?.Reason);
    }

    [Fact]
    public void CheckKeySizes_ADsaCaInTheChain_IsRefusedToo()
    {
        using var dsaKey = DSA.Create(2048);
        var now = _services.Clock.GetUtcNow();
        var request = new CertificateRequest(new X500DistinguishedName("CN=DSA Intermediate"), new PublicKey(dsaKey), HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        using var rsa = _pki.RootCa.GetRSAPrivateKey()!;
        using var dsaCa = request.Create(_pki.RootCa.SubjectName, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), now.AddDays(-1), now.AddYears(1), [1, 2, 3]);
        var leaf = _pki.IssueUser("alice", upn: "alice@contoso.com");

        var failure = CertificateRules.CheckKeySizes([leaf, dsaCa, _pki.RootCa], new ClientCertificateValidationOptions());

        Assert.Equal(CertificateFailureReason.UnsupportedKeyAlgorithm, failure?.Reason);
        Assert.Contains("intermediate CA", failure!.Detail, StringComparison.Ordinal);
        Assert.Null(CertificateRules.CheckKeySizes([leaf, _pki.IssuingCa, _pki.RootCa], new ClientCertificateValidationOptions()));
    }

    [Fact]
    public async Task Validate_EcP256ClientCertificate_StillPasses()
    {
        var ec = _pki.IssueUser(_pki.UserOptions("ec", "ec@contoso.com") with { KeyAlgorithm = PkiKeyAlgorithm.EcdsaP256 });

        var result = await _services.Validator.ValidateAsync(ec, null, default);

        Assert.True(result.Succeeded, result.Failure?.ToString());
    }

    // A client certificate with the given key algorithm OID (32 key bytes, no parameters), issued by the test issuing CA.
    private X509Certificate2 IssueWithKey(string oid)
    {
        var now = _services.Clock.GetUtcNow();
        var key = new PublicKey(new Oid(oid), null, new AsnEncodedData(RandomNumberGenerator.GetBytes(32)));
        var request = new CertificateRequest(new X500DistinguishedName("CN=other-key"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(UserCertificateOptions.ClientAuthenticationEku)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_pki.IssuingCa, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var rsa = _pki.IssuingCa.GetRSAPrivateKey()!;
        return request.Create(_pki.IssuingCa.SubjectName, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), now.AddHours(-1), now.AddYears(1), RandomNumberGenerator.GetBytes(8));
    }
}
