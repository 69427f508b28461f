using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Samlp;

/// <summary>
/// SAML 2.0 single logout messages (Core §3.7): LogoutRequest / LogoutResponse written, read back, signed in place
/// (enveloped, exclusive C14N) and verified by Debian <c>xmlsec1</c> as well as by our verifier; a tampered copy is refused
/// by both; over HTTP-Redirect the query-string signature verifies by the exact octets.
/// </summary>
public sealed class LogoutMessageTests
{
    private readonly LogoutMessageWriter _writer = new();
    private readonly LogoutMessageReader _reader = new();

    private static LogoutRequest Request()
    {
        var request = new LogoutRequest
        {
            Id = new SamlIdGenerator().NewId(),
            IssueInstant = SamlScenario.Now,
            Destination = "https://sp.example.com/slo",
            Issuer = "https://idp.example.com/adfs/services/trust",
            NotOnOrAfter = SamlScenario.Now.AddMinutes(5),
            Reason = "urn:oasis:names:tc:SAML:2.0:logout:user",
            NameId = new NameId { Value = "alice@contoso.com", Format = NameIdFormats.Persistent, NameQualifier = "https://idp.example.com/adfs/services/trust", SPNameQualifier = "https://sp.example.com" },
        };
        request.SessionIndexes.Add("_session-1");
        return request;
    }

    private static LogoutResponse Response(string? secondLevel = null) => new()
    {
        Id = new SamlIdGenerator().NewId(),
        InResponseTo = "_request-1",
        IssueInstant = SamlScenario.Now,
        Destination = "https://sp.example.com/slo",
        Issuer = "https://idp.example.com/adfs/services/trust",
        Status = new SamlStatus { StatusCode = SamlStatusCodes.Success, SecondLevelStatusCode = secondLevel, StatusMessage = secondLevel is null ? null : "partial" },
    };

    [Fact]
    public void LogoutRequest_WriteThenRead_KeepsEveryField()
    {
        var request = Request();
        var document = new SafeXmlLoader().Load(_writer.Write(request).OuterXml).OrThrow();

        Assert.True(LogoutMessageReader.IsLogoutRequest(document));
        Assert.False(LogoutMessageReader.IsLogoutResponse(document));
        var read = _reader.ReadRequest(document).OrThrow();
        Assert.Equal(request.Id, read.Id);
        Assert.Equal(request.IssueInstant, read.IssueInstant);
        Assert.Equal(request.Destination, read.Destination);
        Assert.Equal(request.Issuer, read.Issuer);
        Assert.Equal(request.NotOnOrAfter, read.NotOnOrAfter);
        Assert.Equal(request.Reason, read.Reason);
        Assert.Equal("alice@contoso.com", read.NameId.Value);
        Assert.Equal(NameIdFormats.Persistent, read.NameId.Format);
        Assert.Equal("https://sp.example.com", read.NameId.SPNameQualifier);
        Assert.Equal(["_session-1"], read.SessionIndexes);
    }

    [Fact]
    public void LogoutResponse_WriteThenRead_KeepsStatusAndPartialLogout()
    {
        var document = new SafeXmlLoader().Load(_writer.Write(Response(SamlStatusCodes.PartialLogout)).OuterXml).OrThrow();

        Assert.True(LogoutMessageReader.IsLogoutResponse(document));
        var read = _reader.ReadResponse(document).OrThrow();
        Assert.Equal("_request-1", read.InResponseTo);
        Assert.Equal(SamlStatusCodes.Success, read.Status.StatusCode);
        Assert.Equal(SamlStatusCodes.PartialLogout, read.Status.SecondLevelStatusCode);
        Assert.Equal("partial", read.Status.StatusMessage);
    }

    [Theory]
    [InlineData("<samlp:LogoutRequest xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol' xmlns:saml='urn:oasis:names:tc:SAML:2.0:assertion' ID='_a' Version='2.0' IssueInstant='2026-01-01T00:00:00Z'><saml:Issuer>x</saml:Issuer></samlp:LogoutRequest>", SamlFailureReason.MissingRequiredValue)]
    [InlineData("<samlp:LogoutRequest xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol' xmlns:saml='urn:oasis:names:tc:SAML:2.0:assertion' ID='_a' Version='2.0' IssueInstant='2026-01-01T00:00:00Z'><saml:EncryptedID/><saml:NameID>a</saml:NameID></samlp:LogoutRequest>", SamlFailureReason.SchemaViolation)]
    [InlineData("<samlp:LogoutRequest xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol' xmlns:saml='urn:oasis:names:tc:SAML:2.0:assertion' ID='_a' Version='1.1' IssueInstant='2026-01-01T00:00:00Z'><saml:NameID>a</saml:NameID></samlp:LogoutRequest>", SamlFailureReason.UnsupportedVersion)]
    public void LogoutRequest_Malformed_IsRefusedWithItsReason(string xml, SamlFailureReason reason)
    {
        var ex = Assert.Throws<SamlValidationException>(() => _reader.ReadRequest(new SafeXmlLoader().Load(xml).OrThrow()).OrThrow());
        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public void LogoutRequest_TooManySessionIndexes_IsRefused()
    {
        var request = Request();
        for (var i = 0; i < LogoutMessageReader.MaxSessionIndexes; i++)
        {
            request.SessionIndexes.Add("_s" + i);
        }

        var ex = Assert.Throws<SamlValidationException>(() => _reader.ReadRequest(new SafeXmlLoader().Load(_writer.Write(request).OuterXml).OrThrow()).OrThrow());
        Assert.Equal(SamlFailureReason.SchemaViolation, ex.Reason);
    }

    [Fact]
    public async Task SignedLogoutRequest_VerifiesWithXmlSec1_AndOurVerifier_TamperedRefusedByBoth()
    {
        var document = _writer.Write(Request());
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa);
        var xml = document.OuterXml;
        Assert.Equal("Signature", document.DocumentElement!.ChildNodes[1]!.LocalName);

        var (exitCode, output) = await XmlSec1.VerifyAsync(xml, TestCertificates.IdpRsa.ExportCertificatePem(), "urn:oasis:names:tc:SAML:2.0:protocol:LogoutRequest");
        Assert.True(exitCode == 0, "xmlsec1 refused the LogoutRequest signature: " + output);
        new SignatureVerifier().Verify(new SafeXmlLoader().Load(xml).OrThrow().DocumentElement!, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow();

        var tampered = xml.Replace("alice@contoso.com", "mallory@contoso.com", StringComparison.Ordinal);
        var (tamperedExit, _) = await XmlSec1.VerifyAsync(tampered, TestCertificates.IdpRsa.ExportCertificatePem(), "urn:oasis:names:tc:SAML:2.0:protocol:LogoutRequest");
        Assert.NotEqual(0, tamperedExit);
        var ex = Assert.Throws<SamlValidationException>(() => new SignatureVerifier().Verify(new SafeXmlLoader().Load(tampered).OrThrow().DocumentElement!, [TestCertificates.IdpRsa]).OrThrow());
        Assert.Equal(SamlFailureReason.InvalidSignature, ex.Reason);
    }

    [Fact]
    public async Task SignedLogoutResponse_VerifiesWithXmlSec1_TamperedRefused()
    {
        var document = _writer.Write(Response());
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa);
        var xml = document.OuterXml;

        var (exitCode, output) = await XmlSec1.VerifyAsync(xml, TestCertificates.IdpRsa.ExportCertificatePem(), "urn:oasis:names:tc:SAML:2.0:protocol:LogoutResponse");
        Assert.True(exitCode == 0, "xmlsec1 refused the LogoutResponse signature: " + output);

        var tampered = xml.Replace("_request-1", "_request-2", StringComparison.Ordinal);
        var (tamperedExit, _) = await XmlSec1.VerifyAsync(tampered, TestCertificates.IdpRsa.ExportCertificatePem(), "urn:oasis:names:tc:SAML:2.0:protocol:LogoutResponse");
        Assert.NotEqual(0, tamperedExit);
    }

    [Fact]
    public void RedirectBinding_SignedLogoutRequest_VerifiesByTheExactOctets_AndAnAlteredQueryIsRefused()
    {
        var binding = new HttpRedirectBinding();
        var query = binding.EncodeQueryString("SAMLRequest", _writer.Write(Request()), "relay", TestCertificates.IdpRsa);

        var decoded = binding.Decode(query).OrThrow();
        Assert.True(LogoutMessageReader.IsLogoutRequest(new SafeXmlLoader().Load(decoded.Xml).OrThrow()));
        new SignatureVerifier().VerifyRedirectSignature(query, [TestCertificates.IdpRsa]).OrThrow();

        var altered = query.Replace("RelayState=relay", "RelayState=other", StringComparison.Ordinal);
        Assert.Throws<SamlValidationException>(() => new SignatureVerifier().VerifyRedirectSignature(altered, [TestCertificates.IdpRsa]).OrThrow());
        // SHA-1 (signed here by hand: our signer refuses to) is refused as a weak algorithm.
        var unsigned = binding.EncodeQueryString("SAMLRequest", _writer.Write(Request())) + "&SigAlg=" + Uri.EscapeDataString(SignatureAlgorithms.RsaSha1);
        using var rsa = TestCertificates.IdpRsa.GetRSAPrivateKey()!;
        var signature = rsa.SignData(System.Text.Encoding.UTF8.GetBytes(unsigned), System.Security.Cryptography.HashAlgorithmName.SHA1, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var sha1 = unsigned + "&Signature=" + Uri.EscapeDataString(Convert.ToBase64String(signature));
        Assert.Equal(SamlFailureReason.WeakAlgorithm, Assert.Throws<SamlValidationException>(() => new SignatureVerifier().VerifyRedirectSignature(sha1, [TestCertificates.IdpRsa]).OrThrow()).Reason);
    }
}
