using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Saml11;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.WsFederation;

public sealed class Saml11AssertionTests
{
    private const string Serial = "http://schemas.microsoft.com/ws/2008/06/identity/claims/serialnumber";

    [Fact]
    public void WriteSignVerifyRead_RoundTripsTheModel_SignatureLastAndByAssertionId()
    {
        var assertion = new Assertion
        {
            Id = new SamlIdGenerator().NewId(),
            IssueInstant = SamlScenario.Now,
            Issuer = SamlScenario.IdpEntityId,
            Subject = new Subject { NameId = new NameId { Value = "alice@contoso.com", Format = NameIdFormats.Unspecified } },
            Conditions = new Conditions { NotBefore = SamlScenario.Now, NotOnOrAfter = SamlScenario.Now.AddHours(1), AudienceRestrictions = { new AudienceRestriction { Audiences = { "urn:rp" } } } },
            AuthnStatements = { new AuthnStatement { AuthnInstant = SamlScenario.Now, AuthnContextClassRef = AuthnContextClasses.X509 } },
            AttributeStatement = new AttributeStatement { Attributes = { new SamlAttribute { Name = Serial, Values = { "0A1B" } }, new SamlAttribute { Name = "plain", Values = { "x" } } } },
        };

        var document = new Saml11AssertionWriter().Write(assertion);
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa, idAttribute: Saml11Namespaces.AssertionIdAttribute);
        var received = SamlScenario.Reload(document);
        var root = received.DocumentElement!;

        Assert.Equal("Signature", root.LastChild!.LocalName);
        new SignatureVerifier().Verify(root, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)], idAttribute: Saml11Namespaces.AssertionIdAttribute).OrThrow();
        var read = new Saml11AssertionReader().Read(root).OrThrow();
        Assert.Equal(assertion.Id, read.Id);
        Assert.Equal(SamlScenario.IdpEntityId, read.Issuer);
        Assert.Equal("alice@contoso.com", read.Subject!.NameId!.Value);
        Assert.Equal(Saml11Namespaces.BearerConfirmation, read.Subject.SubjectConfirmations.Single().Method);
        Assert.Equal(["urn:rp"], read.Conditions!.AudienceRestrictions.Single().Audiences);
        Assert.Equal(Saml11Namespaces.TlsClientAuthenticationMethod, read.AuthnStatements.Single().AuthnContextClassRef);
        Assert.Equal(["0A1B"], read.AttributeStatement!.Attributes.Single(a => a.Name == Serial).Values);
        Assert.Equal(["x"], read.AttributeStatement.Attributes.Single(a => a.Name == "plain").Values);

        // The SAML 2.0 verifier path refuses it without the AssertionID attribute name (no ID attribute).
        var ex = Assert.Throws<SamlValidationException>(() => new SignatureVerifier().Verify(root, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow());
        Assert.Equal(SamlFailureReason.SignatureReferenceInvalid, ex.Reason);
    }

    [Fact]
    public void Reader_RefusesStatementsAboutDifferentSubjects_AndOtherVersions()
    {
        var xml = """
            <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" MajorVersion="1" MinorVersion="1" AssertionID="_a" Issuer="urn:idp" IssueInstant="2026-12-03T12:00:00Z">
              <saml:AttributeStatement><saml:Subject><saml:NameIdentifier>alice</saml:NameIdentifier></saml:Subject></saml:AttributeStatement>
              <saml:AuthenticationStatement AuthenticationMethod="urn:ietf:rfc:2246" AuthenticationInstant="2026-12-03T12:00:00Z"><saml:Subject><saml:NameIdentifier>mallory</saml:NameIdentifier></saml:Subject></saml:AuthenticationStatement>
            </saml:Assertion>
            """;
        var ex = Assert.Throws<SamlValidationException>(() => new Saml11AssertionReader().Read(new SafeXmlLoader().Load(xml).OrThrow().DocumentElement!).OrThrow());
        Assert.Equal(SamlFailureReason.SchemaViolation, ex.Reason);

        var old = new SafeXmlLoader().Load(xml.Replace("MinorVersion=\"1\"", "MinorVersion=\"0\"", StringComparison.Ordinal)).OrThrow().DocumentElement!;
        Assert.Equal(SamlFailureReason.UnsupportedVersion, Assert.Throws<SamlValidationException>(() => new Saml11AssertionReader().Read(old).OrThrow()).Reason);
    }
}
