using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Server.Explain;
using CertAuth.Federation.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Tests.Explain;

/// <summary>
/// "Explain this certificate" (issue 15) in the running server: each development user's certificate is explained and
/// then presented to the certificate listener over real TLS; the explained outcome is what the sign-in answers.
/// </summary>
public sealed class CertificateExplainerTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    private const string UpnClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";

    private CertificateExplainer Explainer => server.Services.GetRequiredService<CertificateExplainer>();

    [Theory]
    [InlineData("alice", null)]
    [InlineData("bob", null)]
    [InlineData("carol", "CAF1005")]
    [InlineData("dave", "CAF1003")]
    [InlineData("eve", "CAF1006")]
    [InlineData("mallory", "CAF1002")]
    [InlineData("frank", "CAF1101")]
    public async Task ExplainedOutcome_IsWhatTheRealSignInReturns(string who, string? expectedCode)
    {
        var certificate = Certificate(who);

        var explanation = await Explainer.ExplainAsync(certificate, FederationServerHarness.RelyingPartyId, CancellationToken.None);
        var page = await SignInAsync(certificate);

        Assert.Equal(expectedCode, explanation.Outcome.ErrorCode);
        Assert.Equal(expectedCode is null, explanation.Outcome.WouldSignIn);
        if (expectedCode is null)
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Null(page.ErrorCode);
        }
        else
        {
            Assert.Equal(expectedCode, page.ErrorCode);
            Assert.Equal((int)page.Status, explanation.Outcome.HttpStatus);
            Assert.Equal(expectedCode + ".title", explanation.Outcome.PageTextKey);
        }
    }

    [Fact]
    public async Task Alice_EveryStepPasses_AndTheClaimsAreThoseTheTokenCarries()
    {
        var explanation = await Explainer.ExplainAsync(server.Pki.Alice, FederationServerHarness.RelyingPartyId, CancellationToken.None);

        Assert.All(explanation.Steps, s => Assert.Equal(ExplanationVerdict.Pass, s.Verdict));
        Assert.Equal(["client", "intermediate CA", "root CA"], explanation.Chain.Select(c => c.Role));
        Assert.Equal([null, true, true], explanation.Chain.Select(c => c.Trusted));
        Assert.Equal("alice@contoso.com", explanation.User);
        Assert.Equal("SanUpn", explanation.MappedBy);

        // Both CAs' CRLs: the issuing CA's (number 1, carol on it, delta 2) for alice, the root's (number 1) for the issuing CA.
        var issuing = Assert.Single(explanation.Revocation, r => r.CertificateRole == "client");
        Assert.Equal(("Good", "1", 1, "2"), (issuing.Status, issuing.CrlNumber, issuing.Entries, issuing.DeltaCrlNumber));
        Assert.Equal((long)(server.Clock.GetUtcNow() - issuing.ThisUpdate!.Value).TotalSeconds, issuing.AgeSeconds);
        var root = Assert.Single(explanation.Revocation, r => r.CertificateRole == "intermediate CA");
        Assert.Equal(("Good", "1", 0), (root.Status, root.CrlNumber, root.Entries));

        var page = await SignInAsync(server.Pki.Alice);
        Assert.Equal(SamlXml.AttributeValues(page.SamlResponse(), UpnClaim), explanation.Claims!.Where(c => c.Type == UpnClaim).Select(c => c.Value));
        Assert.Contains(explanation.Claims!, c => c.Value == server.Pki.Alice.SerialNumber);
    }

    [Fact]
    public async Task Carol_RevocationFails_WithTheCrlNumberAndDate_AndTheUserIsStillNamed()
    {
        var explanation = await Explainer.ExplainAsync(server.Pki.Carol, null, CancellationToken.None);

        var step = Assert.Single(explanation.Steps, s => s.Name == "revocation");
        Assert.Equal(ExplanationVerdict.Fail, step.Verdict);
        Assert.Contains("CRL number 1", step.Detail, StringComparison.Ordinal);
        var check = Assert.Single(explanation.Revocation, r => r.CertificateRole == "client");
        Assert.Equal(("Revoked", "1", server.Pki.Carol.SerialNumber), (check.Status, check.CrlNumber, check.SerialNumber));
        Assert.NotNull(check.RevokedAt);
        Assert.Equal("carol@contoso.com", explanation.User);
        Assert.Equal(ExplanationVerdict.Skipped, explanation.Steps.Single(s => s.Name == "claims").Verdict);
    }

    [Fact]
    public async Task Dave_ValidityFails_AndTheOtherStepsAreStillShown()
    {
        var explanation = await Explainer.ExplainAsync(server.Pki.Dave, null, CancellationToken.None);

        Assert.Equal(ExplanationVerdict.Fail, Verdict(explanation, "validity"));
        Assert.Equal(ExplanationVerdict.Pass, Verdict(explanation, "eku"));
        Assert.Equal(ExplanationVerdict.Pass, Verdict(explanation, "revocation"));
        Assert.Contains("CERT_EXPIRED", explanation.Steps.Single(s => s.Name == "validity").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eve_EkuFails()
    {
        var explanation = await Explainer.ExplainAsync(server.Pki.Eve, null, CancellationToken.None);

        Assert.Equal(ExplanationVerdict.Fail, Verdict(explanation, "eku"));
        Assert.Equal(ExplanationVerdict.Pass, Verdict(explanation, "validity"));
        Assert.Equal("CAF1006", explanation.Outcome.ErrorCode);
    }

    [Fact]
    public async Task Mallory_ChainFails_AndNamesTheIssuerThatIsNotConfigured()
    {
        var explanation = await Explainer.ExplainAsync(server.Pki.Mallory, null, CancellationToken.None);

        Assert.Equal(ExplanationVerdict.Fail, Verdict(explanation, "chain"));
        Assert.Equal(ExplanationVerdict.Skipped, Verdict(explanation, "revocation"));
        var issuer = explanation.Chain[^1];
        Assert.Equal(("issuer", server.Pki.Untrusted.Subject, false), (issuer.Role, issuer.Subject, issuer.Trusted));
        Assert.Empty(explanation.Revocation);
    }

    [Fact]
    public async Task UnknownRelyingParty_GetsTheSignInsCode()
    {
        var explanation = await Explainer.ExplainAsync(server.Pki.Alice, "urn:nobody", CancellationToken.None);

        Assert.Equal("CAF1201", explanation.Outcome.ErrorCode);
        Assert.Null(explanation.Claims);
    }

    private static ExplanationVerdict Verdict(CertificateExplanation explanation, string step) => explanation.Steps.Single(s => s.Name == step).Verdict;

    private X509Certificate2 Certificate(string who) => who switch
    {
        "alice" => server.Pki.Alice,
        "bob" => server.Pki.Bob,
        "carol" => server.Pki.Carol,
        "dave" => server.Pki.Dave,
        "eve" => server.Pki.Eve,
        "mallory" => server.Pki.Mallory,
        _ => server.Pki.Frank,
    };

    private async Task<SignInPage> SignInAsync(X509Certificate2 certificate)
    {
        using var client = server.CreateClient(certificate);
        var url = new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(FederationServerHarness.RelyingPartyId)).AbsoluteUri;
        using var response = await server.FollowAsync(client, url);
        return await SignInPage.ReadAsync(response);
    }
}
