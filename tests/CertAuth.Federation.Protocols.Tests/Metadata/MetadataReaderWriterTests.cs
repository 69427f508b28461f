using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Metadata;

public sealed class MetadataReaderWriterTests
{
    private static EntityDescriptor Entity()
    {
        var entity = new EntityDescriptor { EntityId = SamlScenario.IdpEntityId, Id = new SamlIdGenerator().NewId(), ValidUntil = SamlScenario.Now.AddDays(7) };
        var idp = new IdpSsoDescriptor { WantAuthnRequestsSigned = true };
        idp.SigningCertificates.Add(TestCertificates.PublicOnly(TestCertificates.IdpRsa));
        idp.SigningCertificates.Add(TestCertificates.PublicOnly(TestCertificates.IdpRsaNext));
        idp.NameIdFormats.Add(NameIdFormats.Persistent);
        idp.SingleSignOnServices.Add(new SamlEndpoint { Binding = SamlBindingUris.HttpRedirect, Location = "https://idp.example.com/adfs/ls/" });
        entity.IdpSsoDescriptor = idp;
        var sp = new SpSsoDescriptor { AuthnRequestsSigned = true, WantAssertionsSigned = true };
        sp.SigningCertificates.Add(TestCertificates.PublicOnly(TestCertificates.IdpEcdsa));
        sp.AssertionConsumerServices.Add(new IndexedSamlEndpoint { Binding = SamlBindingUris.HttpPost, Location = SamlScenario.AcsUrl, Index = 3, IsDefault = true });
        entity.SpSsoDescriptor = sp;
        return entity;
    }

    [Fact]
    public void WriteSignThenRead_KeepsRolesEndpointsAndCertificates()
    {
        var document = new MetadataWriter().Write(Entity());
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa);
        var received = SamlScenario.Reload(document);

        Assert.Equal("Signature", received.DocumentElement!.FirstChild!.LocalName);
        Assert.NotNull(new SignatureVerifier().Verify(received.DocumentElement!, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow());
        var read = new MetadataReader().Read(received).OrThrow();

        Assert.Equal(SamlScenario.IdpEntityId, read.EntityId);
        Assert.Equal(SamlScenario.Now.AddDays(7), read.ValidUntil);
        Assert.True(read.IdpSsoDescriptor!.WantAuthnRequestsSigned);
        Assert.Equal(
            [TestCertificates.IdpRsa.Thumbprint, TestCertificates.IdpRsaNext.Thumbprint],
            read.IdpSsoDescriptor.SigningCertificates.Select(c => c.Thumbprint));
        Assert.Equal([NameIdFormats.Persistent], read.IdpSsoDescriptor.NameIdFormats);
        var sso = Assert.Single(read.IdpSsoDescriptor.SingleSignOnServices);
        Assert.Equal(SamlBindingUris.HttpRedirect, sso.Binding);
        Assert.True(read.SpSsoDescriptor!.AuthnRequestsSigned);
        Assert.True(read.SpSsoDescriptor.WantAssertionsSigned);
        var acs = Assert.Single(read.SpSsoDescriptor.AssertionConsumerServices);
        Assert.Equal((SamlScenario.AcsUrl, 3, true), (acs.Location, acs.Index, acs.IsDefault));
        Assert.Equal(TestCertificates.IdpEcdsa.Thumbprint, Assert.Single(read.SpSsoDescriptor.SigningCertificates).Thumbprint);
    }

    [Fact]
    public void Reader_SkipsEncryptionKeys_AndKeepsKeysWithoutUse()
    {
        var cert = Convert.ToBase64String(TestCertificates.IdpRsa.RawData);
        var other = Convert.ToBase64String(TestCertificates.AttackerRsa.RawData);
        var xml = $"""
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp">
              <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{other}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
                <md:KeyDescriptor><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
                <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp/sso"/>
              </md:IDPSSODescriptor>
            </md:EntityDescriptor>
            """;

        var read = new MetadataReader().Read(new SafeXmlLoader().Load(xml).OrThrow()).OrThrow();

        Assert.Equal(TestCertificates.IdpRsa.Thumbprint, Assert.Single(read.IdpSsoDescriptor!.SigningCertificates).Thumbprint);
    }

    [Fact]
    public void Reader_WrongRoot_IsUnexpectedElement()
    {
        Reject.With(SamlFailureReason.UnexpectedElement, () => new MetadataReader().Read(new SafeXmlLoader().Load("<md:EntitiesDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata'/>").OrThrow()).OrThrow());
    }
}
