using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Certificates.Tests.Infrastructure;
using CertAuth.Federation.Certificates.Validation;

namespace CertAuth.Federation.Certificates.Tests.Validation;

public sealed class ClientCertificateValidatorTests : IDisposable
{
    private readonly CertificateServices _services;
    private readonly TestPki _pki;

    public ClientCertificateValidatorTests()
    {
        _services = new CertificateServices();
        _pki = TestPki.Create(_services.Clock);
        _services.Authorities.Set([_pki.RootAuthority(), _pki.IssuingAuthority()]);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Validate_WhenCertificateIsGood_SucceedsWithIssuingAuthorityAndChain()
    {
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");

        var result = await _services.Validator.ValidateAsync(alice, null, default);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Null(result.Failure);
        Assert.Equal("issuing-ca", result.IssuingAuthority?.Id);
        Assert.Equal(3, result.Chain.Count);
        Assert.Equal(_pki.RootCa.Thumbprint, result.Chain[2].Thumbprint);
    }

    [Fact]
    public async Task Validate_WhenIssuedByUnknownCa_IsNotTrusted()
    {
        var other = TestPki.Create(_services.Clock);
        var mallory = other.IssueUser("mallory", upn: "mallory@contoso.com");

        var result = await _services.Validator.ValidateAsync(mallory, [other.IssuingCa, other.RootCa], default);

        AssertFailure(result, CertificateFailureReason.NotTrusted);
    }

    [Fact]
    public async Task Validate_WhenIntermediateOnlyPresentedNotConfigured_IsNotTrusted()
    {
        _services.Authorities.Set([_pki.RootAuthority()]);
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");

        var result = await _services.Validator.ValidateAsync(alice, [_pki.IssuingCa], default);

        AssertFailure(result, CertificateFailureReason.NotTrusted);
    }

    [Fact]
    public async Task Validate_WhenNoAuthoritiesConfigured_IsNotTrusted()
    {
        _services.Authorities.Set([]);
        var result = await _services.Validator.ValidateAsync(_pki.IssueUser("alice", upn: "alice@contoso.com"), null, default);
        AssertFailure(result, CertificateFailureReason.NotTrusted);
    }

    [Fact]
    public async Task Validate_WhenLeafExpired_SaysExpiredNotNotTrusted()
    {
        var now = _services.Clock.GetUtcNow();
        var dave = _pki.IssueUser(_pki.UserOptions("dave", "dave@contoso.com") with { NotBefore = now.AddDays(-60), NotAfter = now.AddDays(-30) });

        var result = await _services.Validator.ValidateAsync(dave, null, default);

        AssertFailure(result, CertificateFailureReason.Expired);
    }

    [Fact]
    public async Task Validate_WhenLeafNotYetValid_SaysNotYetValid()
    {
        var now = _services.Clock.GetUtcNow();
        var cert = _pki.IssueUser(_pki.UserOptions("future", "f@contoso.com") with { NotBefore = now.AddDays(1), NotAfter = now.AddDays(30) });

        var result = await _services.Validator.ValidateAsync(cert, null, default);

        AssertFailure(result, CertificateFailureReason.NotYetValid);
    }

    [Fact]
    public async Task Validate_WhenServerAuthOnly_IsNotForClientAuthentication()
    {
        var eve = _pki.IssueUser(_pki.UserOptions("eve", "eve@contoso.com") with { ExtendedKeyUsages = [UserCertificateOptions.ServerAuthenticationEku] });

        var result = await _services.Validator.ValidateAsync(eve, null, default);

        AssertFailure(result, CertificateFailureReason.NotForClientAuthentication);
    }

    [Fact]
    public async Task Validate_WhenNoEkuAndRequired_IsNotForClientAuthentication()
    {
        var cert = _pki.IssueUser(_pki.UserOptions("noeku", "noeku@contoso.com") with { ExtendedKeyUsages = null });

        var result = await _services.Validator.ValidateAsync(cert, null, default);

        AssertFailure(result, CertificateFailureReason.NotForClientAuthentication);
    }

    [Fact]
    public async Task Validate_WhenNoEkuAndNotRequired_Succeeds()
    {
        using var services = new CertificateServices(configure: b => b.ConfigureValidation(o => o.RequireClientAuthenticationEku = false));
        var pki = TestPki.Create(services.Clock);
        services.Authorities.Set([pki.RootAuthority(), pki.IssuingAuthority()]);
        var cert = pki.IssueUser(pki.UserOptions("noeku", "noeku@contoso.com") with { ExtendedKeyUsages = null });

        var result = await services.Validator.ValidateAsync(cert, null, default);

        Assert.True(result.Succeeded, result.Failure?.ToString());
    }

    [Fact]
    public async Task Validate_WhenLeafIsCa_IsInvalidBasicConstraints()
    {
        var cert = _pki.IssueUser(_pki.UserOptions("ca-leaf", "x@contoso.com") with { IsCertificateAuthority = true });

        var result = await _services.Validator.ValidateAsync(cert, null, default);

        AssertFailure(result, CertificateFailureReason.InvalidBasicConstraints);
    }

    [Fact]
    public async Task Validate_WhenPathLengthViolated_IsInvalidBasicConstraints()
    {
        var now = _services.Clock.GetUtcNow();
        var subCa = CertificateFactory.CreateIntermediateCa(_pki.IssuingCa, "CN=Sub CA", now.AddDays(-10), now.AddYears(1), pathLengthConstraint: null);
        _services.Authorities.AddOrReplace(new TrustedCertificateAuthority
        {
            Id = "sub-ca", AuthorityType = CertificateAuthorityType.IntermediateAuthority, Certificate = subCa,
        });
        var cert = _pki.IssueUser(_pki.UserOptions("deep", "deep@contoso.com"), subCa);

        var result = await _services.Validator.ValidateAsync(cert, null, default);

        AssertFailure(result, CertificateFailureReason.InvalidBasicConstraints);
    }

    [Fact]
    public async Task Validate_WhenRsaKeyIs1024_IsWeakKey()
    {
        var cert = _pki.IssueUser(_pki.UserOptions("weak", "weak@contoso.com") with { RsaKeySize = 1024 });

        var result = await _services.Validator.ValidateAsync(cert, null, default);

        AssertFailure(result, CertificateFailureReason.WeakKey);
    }

    [Fact]
    public async Task Validate_WhenLeafSignedWithSha1_IsWeakSignatureAlgorithm()
    {
        var cert = _pki.IssueUser(_pki.UserOptions("sha1", "sha1@contoso.com") with { HashAlgorithm = HashAlgorithmName.SHA1, SignatureGenerator = key => new Sha1SignatureGenerator(key) });

        var result = await _services.Validator.ValidateAsync(cert, null, default);

        AssertFailure(result, CertificateFailureReason.WeakSignatureAlgorithm);
    }

    [Fact]
    public async Task Validate_WhenSignatureForged_IsInvalidChainOrNotTrusted()
    {
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");
        var raw = alice.RawData;
        raw[^5] ^= 0xFF; // inside the signature value
        using var forged = X509CertificateLoader.LoadCertificate(raw);

        var result = await _services.Validator.ValidateAsync(forged, null, default);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Failure!.Reason, new[] { CertificateFailureReason.InvalidChain, CertificateFailureReason.NotTrusted });
    }

    [Fact]
    public async Task Validate_WhenTrustedIssuerSkiDoesNotMatch_IsNotTrusted()
    {
        _services.Authorities.AddOrReplace(new TrustedCertificateAuthority
        {
            Id = "issuing-ca", AuthorityType = CertificateAuthorityType.IntermediateAuthority, Certificate = _pki.IssuingCa,
            TrustedIssuerSki = "00112233445566778899AABBCCDDEEFF00112233",
        });

        var result = await _services.Validator.ValidateAsync(_pki.IssueUser("alice", upn: "alice@contoso.com"), null, default);

        AssertFailure(result, CertificateFailureReason.NotTrusted);
    }

    [Fact]
    public async Task Validate_WhenTrustedIssuerMatches_Succeeds()
    {
        _services.Authorities.AddOrReplace(new TrustedCertificateAuthority
        {
            Id = "issuing-ca", AuthorityType = CertificateAuthorityType.IntermediateAuthority, Certificate = _pki.IssuingCa,
            TrustedIssuer = _pki.IssuingCa.Subject,
            TrustedIssuerSki = new X509SubjectKeyIdentifierExtension(_pki.IssuingCa.PublicKey, false).SubjectKeyIdentifier,
        });

        var result = await _services.Validator.ValidateAsync(_pki.IssueUser("alice", upn: "alice@contoso.com"), null, default);

        Assert.True(result.Succeeded, result.Failure?.ToString());
    }

    [Fact]
    public async Task Validate_WithEcdsaPki_Succeeds()
    {
        var pki = TestPki.Create(_services.Clock, PkiKeyAlgorithm.EcdsaP256);
        _services.Authorities.Set([pki.RootAuthority(), pki.IssuingAuthority()]);

        var result = await _services.Validator.ValidateAsync(pki.IssueUser("alice", upn: "alice@contoso.com"), null, default);

        Assert.True(result.Succeeded, result.Failure?.ToString());
    }

    private static void AssertFailure(CertificateValidationResult result, CertificateFailureReason expected)
    {
        Assert.False(result.Succeeded);
        Assert.NotNull(result.Failure);
        Assert.True(expected == result.Failure!.Reason, $"Expected {expected} but got {result.Failure}");
    }
}
