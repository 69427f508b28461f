using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Samlp;

public sealed class SamlResponseReaderTests
{
    private readonly SamlScenario _scenario = new();

    [Fact]
    public void WriteThenRead_KeepsStatusAndAssertion()
    {
        var written = _scenario.CreateResponse();
        written.Status = new SamlStatus
        {
            StatusCode = SamlStatusCodes.Responder, SecondLevelStatusCode = SamlStatusCodes.AuthnFailed, StatusMessage = "no certificate",
        };

        var read = new SamlResponseReader().Read(SamlScenario.Reload(new SamlResponseWriter().Write(written)).DocumentElement!).OrThrow();

        Assert.Equal(written.Id, read.Id);
        Assert.Equal(SamlScenario.RequestId, read.InResponseTo);
        Assert.Equal(SamlScenario.AcsUrl, read.Destination);
        Assert.Equal(SamlScenario.IdpEntityId, read.Issuer);
        Assert.Equal(SamlStatusCodes.Responder, read.Status.StatusCode);
        Assert.Equal(SamlStatusCodes.AuthnFailed, read.Status.SecondLevelStatusCode);
        Assert.Equal("no certificate", read.Status.StatusMessage);
        Assert.Equal(written.Assertions[0].Id, Assert.Single(read.Assertions).Id);
    }

    [Fact]
    public void MissingStatus_IsMissingRequiredValue()
    {
        var document = new SamlResponseWriter().Write(_scenario.CreateResponse());
        var root = document.DocumentElement!;
        root.RemoveChild(SamlScenario.Child(root, "urn:oasis:names:tc:SAML:2.0:protocol", "Status"));

        Reject.With(SamlFailureReason.MissingRequiredValue, () => new SamlResponseReader().Read(root).OrThrow());
    }

    [Fact]
    public void IssuerReader_FallsBackToAssertionIssuer_WhenResponseHasNone()
    {
        var response = _scenario.CreateResponse();
        response.Issuer = null;

        Assert.Equal(SamlScenario.IdpEntityId, new SamlIssuerReader().ReadIssuer(new SamlResponseWriter().Write(response)).OrThrow());
    }

    [Fact]
    public void IssuerReader_NoIssuer_ReturnsNull()
    {
        Assert.Null(new SamlIssuerReader().ReadIssuer(new SafeXmlLoader().Load("<x/>").OrThrow()).OrThrow());
    }
}
