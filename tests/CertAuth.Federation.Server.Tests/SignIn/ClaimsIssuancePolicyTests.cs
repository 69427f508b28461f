using CertAuth.Federation.Certificates.Claims;
using CertAuth.Federation.Server.RelyingParties;
using CertAuth.Federation.Server.SignIn;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Server.Domain;

namespace CertAuth.Federation.Server.Tests.SignIn;

/// <summary>
/// The revocation claims the token service needs at refresh (serial number, issuer, authority key identifier) reach
/// the relying party even when the trust's released-claims list leaves them out.
/// </summary>
public sealed class ClaimsIssuancePolicyTests : IDisposable
{
    private readonly TestCertificates _certificates = new(DateTimeOffset.UtcNow);

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void ARestrictedReleaseList_StillReleasesSerialIssuerAndAuthorityKeyIdentifier_AndNothingElseUnlisted()
    {
        var policy = new ClaimsIssuancePolicy(new CertificateClaimsBuilder());
        var trust = new RelyingPartyTrust
        {
            EntityId = "https://rp.example/",
            AssertionConsumerServiceUrls = ["https://rp.example/acs"],
            NameIdFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
            ReleasedClaims = [IssuedClaimTypes.Upn],
        };
        var user = new DirectoryUser { Upn = "alice@contoso.com", ImmutableId = "alice-id" };

        var claims = policy.Issue(trust, user, _certificates.Alice);
        var types = claims.Select(c => c.Type).ToHashSet(StringComparer.Ordinal);

        Assert.Contains(CertificateClaimTypes.SerialNumber, types);
        Assert.Contains(CertificateClaimTypes.Issuer, types);
        Assert.Contains(CertificateClaimTypes.AuthorityKeyIdentifier, types);
        Assert.Contains(IssuedClaimTypes.Upn, types);
        Assert.DoesNotContain(CertificateClaimTypes.Thumbprint, types);
        Assert.DoesNotContain(CertificateClaimTypes.RawData, types);
        Assert.Equal(
            Convert.ToHexString(_certificates.Issuing.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.Span),
            claims.Single(c => c.Type == CertificateClaimTypes.AuthorityKeyIdentifier).Value);
    }
}
