using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Certificates.Revocation;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Certificates.Tests.Revocation;

public sealed class CrlParserTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(PkiKeyAlgorithm.Rsa)]
    [InlineData(PkiKeyAlgorithm.EcdsaP256)]
    public void Parse_ThenVerify_RoundTripsFieldsAndSignature(PkiKeyAlgorithm algorithm)
    {
        var pki = TestPki.Create(new FakeTimeProvider(Now), algorithm);
        var alice = pki.IssueUser("alice", upn: "alice@contoso.com");
        pki.Revoke(alice, X509RevocationReason.KeyCompromise, Now.AddMinutes(-5));

        var crl = CrlParser.Parse(pki.BuildCrl());

        Assert.Null(CrlSignatureVerifier.Verify(crl, pki.IssuingCa));
        Assert.Equal(1, crl.Version);
        Assert.Equal(pki.IssuingCa.SubjectName.Name, crl.Issuer.Name);
        Assert.Equal(Now, crl.ThisUpdate);
        Assert.Equal(Now.AddDays(7), crl.NextUpdate);
        Assert.Equal(1, (int)crl.CrlNumber!.Value);
        Assert.False(crl.IsDelta);
        Assert.Equal(1, crl.Count);
        Assert.True(crl.TryGetRevocation(alice.SerialNumber, out var date, out var reason));
        Assert.Equal(Now.AddMinutes(-5), date);
        Assert.Equal(X509RevocationReason.KeyCompromise, reason);
        Assert.True(crl.TryGetRevocation(alice.SerialNumber.ToLowerInvariant(), out _));
        Assert.False(crl.TryGetRevocation("01", out _));
        Assert.Equal(new X509SubjectKeyIdentifierExtension(pki.IssuingCa.PublicKey, false).SubjectKeyIdentifier, crl.AuthorityKeyIdentifier);
    }

    [Fact]
    public void Parse_Pem_Works()
    {
        var pki = TestPki.Create(new FakeTimeProvider(Now));
        var pem = Encoding.ASCII.GetBytes(CrlWriter.ToPem(pki.BuildCrl()));

        var crl = CrlParser.Parse(pem);

        Assert.Null(CrlSignatureVerifier.Verify(crl, pki.IssuingCa));
    }

    [Fact]
    public void Parse_Delta_ReadsBaseCrlNumber()
    {
        var pki = TestPki.Create(new FakeTimeProvider(Now));
        pki.BuildCrl();

        var delta = CrlParser.Parse(pki.BuildDeltaCrl());

        Assert.True(delta.IsDelta);
        Assert.Equal(1, (int)delta.BaseCrlNumber!.Value);
        Assert.Equal(2, (int)delta.CrlNumber!.Value);
    }

    [Fact]
    public void Lookup_SerialWithLeadingZeroByte_MatchesCertificateSerialNumber()
    {
        var pki = TestPki.Create(new FakeTimeProvider(Now));
        byte[] serial = [0x00, 0x9A, 0x01, 0x02, 0x03, 0x04, 0x05];
        var cert = pki.IssueUser(pki.UserOptions("zero", "z@contoso.com") with { SerialNumber = serial });
        pki.Revoke(cert);

        var crl = CrlParser.Parse(pki.BuildCrl());

        Assert.Equal("009A0102030405", cert.SerialNumber);
        Assert.True(crl.TryGetRevocation(cert.SerialNumber, out _));
        Assert.True(crl.TryGetRevocation("9A0102030405", out _));
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01 })]
    [InlineData(new byte[0])]
    public void TryParse_Garbage_ReturnsFalse(byte[] data)
    {
        Assert.False(CrlParser.TryParse(data, out var crl, out var error));
        Assert.Null(crl);
        Assert.NotNull(error);
    }

    [Fact]
    public void Verify_TamperedCrl_IsSignatureInvalid()
    {
        var pki = TestPki.Create(new FakeTimeProvider(Now));
        pki.Revoke(pki.IssueUser("alice", upn: "alice@contoso.com"));
        var bytes = pki.BuildCrl();
        var crl = CrlParser.Parse(bytes);
        var serialOffset = bytes.AsSpan().IndexOf(Convert.FromHexString(pki.IssueUser("x").SerialNumber)[..0]);
        Assert.True(serialOffset >= 0);
        var thisUpdate = Encoding.ASCII.GetBytes("250601080000Z");
        var at = bytes.AsSpan().IndexOf(thisUpdate);
        bytes[at + 5] = (byte)'2'; // 250601080000Z -> 250602080000Z (inside the signed part)

        var forged = CrlParser.Parse(bytes);

        Assert.Null(CrlSignatureVerifier.Verify(crl, pki.IssuingCa));
        Assert.Equal(CrlErrorCode.SignatureInvalid, CrlSignatureVerifier.Verify(forged, pki.IssuingCa)?.Code);
    }

    [Fact]
    public void Verify_CrlOfAnotherCa_IsWrongIssuer()
    {
        var pki = TestPki.Create(new FakeTimeProvider(Now));
        var other = TestPki.Create(new FakeTimeProvider(Now));

        var crl = CrlParser.Parse(other.BuildCrl());

        Assert.Equal(CrlErrorCode.WrongIssuer, CrlSignatureVerifier.Verify(crl, pki.IssuingCa)?.Code);
    }

    [Fact]
    public void Verify_SameNameDifferentKey_IsRejected()
    {
        var pki = TestPki.Create(new FakeTimeProvider(Now));
        var impostor = CertificateFactory.CreateIntermediateCa(pki.RootCa, pki.IssuingCa.Subject, Now.AddDays(-1), Now.AddYears(1));

        var crl = CrlParser.Parse(CrlWriter.Write(impostor, [], Now, Now.AddDays(1), 5));

        Assert.NotNull(CrlSignatureVerifier.Verify(crl, pki.IssuingCa));
    }

    [Fact]
    public void Verify_Sha1Crl_RejectedUnlessAllowed()
    {
        var pki = TestPki.Create(new FakeTimeProvider(Now));
        var crl = CrlParser.Parse(CrlWriter.Write(pki.IssuingCa, [], new CrlWriteOptions
        {
            ThisUpdate = Now,
            NextUpdate = Now.AddDays(1),
            CrlNumber = 1,
            HashAlgorithm = HashAlgorithmName.SHA1,
            SignatureGenerator = key => new Sha1SignatureGenerator(key),
        }));

        Assert.Equal(CrlErrorCode.SignatureInvalid, CrlSignatureVerifier.Verify(crl, pki.IssuingCa)?.Code);
        Assert.Null(CrlSignatureVerifier.Verify(crl, pki.IssuingCa, allowSha1: true));
    }

    [Fact]
    public void WriteAndParse_200kEntries_RoundTripsAndVerifies()
    {
        var pki = TestPki.Create(new FakeTimeProvider(Now));
        var entries = Enumerable.Range(1, 200_000).Select(i => new CrlEntry(BitConverter.GetBytes(i * 7919L).Reverse().ToArray(), Now.AddSeconds(-i)));

        // Speed is measured in bench/ (CrlBenchmarks); this test checks only that a large CRL round-trips.
        var bytes = CrlWriter.Write(pki.IssuingCa, entries, Now, Now.AddDays(1), 42);
        var crl = CrlParser.Parse(bytes);
        Assert.Null(CrlSignatureVerifier.Verify(crl, pki.IssuingCa));

        Assert.Equal(200_000, crl.Count);
        Assert.True(crl.TryGetRevocation((1000 * 7919L).ToString("X"), out var date));
        Assert.Equal(Now.AddSeconds(-1000), date);
    }
}
