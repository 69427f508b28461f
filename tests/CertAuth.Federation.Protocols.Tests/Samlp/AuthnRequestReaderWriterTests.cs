using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Samlp;

public sealed class AuthnRequestReaderWriterTests
{
    private static AuthnRequest Request()
    {
        var request = new AuthnRequest
        {
            Id = new SamlIdGenerator().NewId(),
            IssueInstant = SamlScenario.Now,
            Destination = "https://idp.example.com/adfs/ls/",
            Issuer = SamlScenario.SpEntityId,
            AssertionConsumerServiceUrl = SamlScenario.AcsUrl,
            ProtocolBinding = SamlBindingUris.HttpPost,
            NameIdPolicy = new NameIdPolicy { Format = NameIdFormats.Persistent, AllowCreate = true },
            ForceAuthn = true,
            RequestedAuthnContext = new RequestedAuthnContext { Comparison = "exact" },
        };
        request.RequestedAuthnContext.AuthnContextClassRefs.Add(AuthnContextClasses.X509);
        return request;
    }

    [Fact]
    public void WriteThenRead_KeepsEveryField()
    {
        var written = Request();

        var read = new AuthnRequestReader().Read(SamlScenario.Reload(new AuthnRequestWriter().Write(written))).OrThrow();

        Assert.Equal(written.Id, read.Id);
        Assert.Equal("2.0", read.Version);
        Assert.Equal(SamlScenario.Now, read.IssueInstant);
        Assert.Equal(written.Destination, read.Destination);
        Assert.Equal(SamlScenario.SpEntityId, read.Issuer);
        Assert.Equal(SamlScenario.AcsUrl, read.AssertionConsumerServiceUrl);
        Assert.Equal(SamlBindingUris.HttpPost, read.ProtocolBinding);
        Assert.Equal(NameIdFormats.Persistent, read.NameIdPolicy!.Format);
        Assert.True(read.NameIdPolicy.AllowCreate);
        Assert.True(read.ForceAuthn);
        Assert.False(read.IsPassive);
        Assert.Equal([AuthnContextClasses.X509], read.RequestedAuthnContext!.AuthnContextClassRefs);
    }

    [Fact]
    public void Writer_UsesSamlpPrefix()
    {
        var root = new AuthnRequestWriter().Write(Request()).DocumentElement!;

        Assert.Equal("samlp", root.Prefix);
        Assert.Equal("AuthnRequest", root.LocalName);
    }

    [Fact]
    public void SignedForPostBinding_Verifies_AndIssuerIsReadInPhaseOne()
    {
        var document = new AuthnRequestWriter().Write(Request());
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa);
        var received = SamlScenario.Reload(document);

        Assert.Equal(SamlScenario.SpEntityId, new SamlIssuerReader().ReadIssuer(received).OrThrow());
        Assert.NotNull(new SignatureVerifier().Verify(received.DocumentElement!, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow());
    }

    [Fact]
    public void IndexTogetherWithUrl_IsSchemaViolation()
    {
        var request = Request();
        request.AssertionConsumerServiceIndex = 1;

        Reject.With(SamlFailureReason.SchemaViolation, () => new AuthnRequestReader().Read(new AuthnRequestWriter().Write(request)).OrThrow());
    }

    [Fact]
    public void OtherVersion_IsUnsupportedVersion()
    {
        var document = new AuthnRequestWriter().Write(Request());
        document.DocumentElement!.SetAttribute("Version", "1.0");

        Reject.With(SamlFailureReason.UnsupportedVersion, () => new AuthnRequestReader().Read(document).OrThrow());
    }
}
