using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Tests.Infrastructure;
using CertAuth.Federation.Testing;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Certificates.Validation;

namespace CertAuth.Federation.Certificates.Tests.Hardening;

/// <summary>
/// Issue #6 certificate cases the validator tests did not cover: a name-constraint violation, serials with the sign
/// bit or leading zeros (revocation must still find them), very large certificates, and CRL URLs carried by a
/// presented certificate (never fetched). Leaf CA:true, path length, RSA &lt; 2048 and SHA-1 are in
/// <c>ClientCertificateValidatorTests</c>.
/// </summary>
public sealed class HostileCertificateTests : IAsyncLifetime
{
    private LoopbackCrlServer _server = null!;
    private readonly CertificateServices _services = new();
    private TestPki _pki = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackCrlServer.StartAsync();
        _pki = TestPki.Create(_services.Clock);
        _services.Authorities.Set([_pki.RootAuthority(), _pki.IssuingAuthority()]);
    }

    public async Task DisposeAsync()
    {
        _services.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Validate_WhenTheEmailViolatesTheCasNameConstraints_IsInvalidChain_AndAPermittedOneSucceeds()
    {
        using var constrained = ConstrainedCa(permittedEmailHost: "contoso.com");
        _services.Authorities.AddOrReplace(new TrustedCertificateAuthority
        {
            Id = "constrained", AuthorityType = CertificateAuthorityType.IntermediateAuthority, Certificate = constrained,
        });

        using var outside = _pki.IssueUser(_pki.UserOptions("mallory", upn: null, email: "mallory@fabrikam.com"), constrained);
        using var inside = _pki.IssueUser(_pki.UserOptions("alice", upn: null, email: "alice@contoso.com"), constrained);

        var refused = await _services.Validator.ValidateAsync(outside, null, default);
        var accepted = await _services.Validator.ValidateAsync(inside, null, default);

        Assert.Equal(CertificateFailureReason.InvalidChain, refused.Failure?.Reason);
        Assert.True(accepted.Succeeded, accepted.Failure?.ToString());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x00, 0x9A, 0xBC, 0xDE, 0xF0 })]
    [InlineData(new byte[] { 0x01 })]
    public async Task Validate_SerialsWithTheSignBitOrLeadingZero_AreStillFoundOnTheCrl(byte[] serial)
    {
        using var revoked = _pki.IssueUser(_pki.UserOptions("odd-serial", "odd@contoso.com") with { SerialNumber = serial });
        using var other = _pki.IssueUser(_pki.UserOptions("other", "other@contoso.com"));
        _pki.Revoke(revoked);
        _server.Serve("/i.crl", _pki.BuildCrl());
        _services.Authorities.Set([_pki.RootAuthority(), _pki.IssuingAuthority(_server.Url("/i.crl"))]);

        var result = await _services.Validator.ValidateAsync(revoked, null, default);
        var control = await _services.Validator.ValidateAsync(other, null, default);

        Assert.Equal(CertificateFailureReason.Revoked, result.Failure?.Reason);
        Assert.True(control.Succeeded, control.Failure?.ToString());
    }

    [Fact]
    public async Task Validate_AVeryLargeCertificate_GetsATypedAnswerInBoundedTime()
    {
        var padding = new X509Extension("1.3.6.1.4.1.99999.1", new AsnWriter(AsnEncodingRules.DER).Also(w => w.WriteOctetString(new byte[512 * 1024])).Encode(), critical: false);
        using var huge = _pki.IssueUser(_pki.UserOptions("huge", "huge@contoso.com") with { AdditionalExtensions = [padding] });
        Assert.True(huge.RawData.Length > 512 * 1024);

        // Bounded: a validation that does not come back within the bound fails the test (TimeoutException) instead of
        // stalling the run; the answer itself must be typed.
        var result = await _services.Validator.ValidateAsync(huge, null, default).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.Succeeded || Enum.IsDefined(result.Failure!.Reason));
    }

    [Fact]
    public async Task CrlUrls_InAPresentedCertificate_AreNeverFetched_TrustedOrNot()
    {
        var planted = _server.Url("/planted.crl");
        _server.Serve("/planted.crl", _pki.BuildCrl());
        using var trustedButNoCaCrl = _pki.IssueUser(_pki.UserOptions("alice", "alice@contoso.com") with { CrlDistributionPoint = planted });
        var other = TestPki.Create(_services.Clock);
        using var untrusted = other.IssueUser(other.UserOptions("mallory", "mallory@contoso.com") with { CrlDistributionPoint = planted });

        var trusted = await _services.Validator.ValidateAsync(trustedButNoCaCrl, null, default);
        var refused = await _services.Validator.ValidateAsync(untrusted, [other.IssuingCa, other.RootCa], default);

        Assert.True(trusted.Succeeded, trusted.Failure?.ToString());
        Assert.Equal(CertificateFailureReason.NotTrusted, refused.Failure?.Reason);
        Assert.Equal(0, _server.RequestsTo("/planted.crl"));
    }

    /// <summary>An intermediate CA under the test root whose NameConstraints permit e-mail addresses at one host only.</summary>
    private X509Certificate2 ConstrainedCa(string permittedEmailHost)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
        using (writer.PushSequence())
        {
            writer.WriteCharacterString(UniversalTagNumber.IA5String, permittedEmailHost, new Asn1Tag(TagClass.ContextSpecific, 1));
        }

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Constrained Test CA, O=Contoso Test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_pki.RootCa, true, false));
        request.CertificateExtensions.Add(new X509Extension("2.5.29.30", writer.Encode(), critical: true));
        var now = _services.Clock.GetUtcNow();
        using var issued = request.Create(_pki.RootCa, now.AddDays(-1), now.AddYears(1), [0x51, 0x07]);
        return issued.CopyWithPrivateKey(key);
    }
}

internal static class AsnWriterExtensions
{
    public static AsnWriter Also(this AsnWriter writer, Action<AsnWriter> write)
    {
        write(writer);
        return writer;
    }
}
