using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.WsFederation;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.WsFederation;

public sealed class WsFederationMetadataTests
{
    [Fact]
    public void RoleDescriptors_AreWrittenSignedAndReadBack()
    {
        var entity = new EntityDescriptor { EntityId = SamlScenario.IdpEntityId, Id = new SamlIdGenerator().NewId() };
        var sts = new WsFederationRoleDescriptor { RoleType = WsFederationMetadataReader.SecurityTokenServiceType, PassiveRequestorEndpoint = "https://idp.example.com/adfs/ls/" };
        sts.SigningCertificates.Add(TestCertificates.PublicOnly(TestCertificates.IdpRsa));
        sts.TokenTypesOffered.Add(WsFederationConstants.Saml11TokenType);
        sts.ClaimTypesOffered.Add(new("http://schemas.microsoft.com/ws/2008/06/identity/claims/serialnumber", "Serial Number"));
        entity.WsFederationRoles.Add(sts);
        entity.WsFederationRoles.Add(new WsFederationRoleDescriptor { RoleType = WsFederationMetadataReader.ApplicationServiceType, PassiveRequestorEndpoint = "https://idp.example.com/app" });

        var document = new MetadataWriter().Write(entity);
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa);
        var received = SamlScenario.Reload(document);

        new SignatureVerifier().Verify(received.DocumentElement!, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow();
        var reader = new WsFederationMetadataReader();
        Assert.Equal(["https://idp.example.com/adfs/ls/"], reader.PassiveRequestorEndpoints(received.DocumentElement!, WsFederationMetadataReader.SecurityTokenServiceType).OrThrow());
        Assert.Equal(["https://idp.example.com/app"], reader.PassiveRequestorEndpoints(received.DocumentElement!, WsFederationMetadataReader.ApplicationServiceType).OrThrow());
        Assert.Equal(SamlScenario.IdpEntityId, new MetadataReader().Read(received).OrThrow().EntityId);
    }
}
