using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.TokenService.Domain;

namespace CertAuth.Federation.TokenService.Saml;

/// <summary>The enabled federation trusts (<see cref="FederationTrust"/>, from <see cref="IFederationTrustRepository"/>), as the SAML validators want them.</summary>
internal sealed class FederationTrustResolver(IFederationTrustRepository repository)
{
    public async Task<FederationTrust?> FindAsync(string entityId, CancellationToken cancellationToken)
    {
        var trust = await repository.FindAsync(entityId, cancellationToken);
        return trust is { Enabled: true } ? trust : null;
    }

    public async Task<IReadOnlyList<FederationTrust>> ListEnabledAsync(CancellationToken cancellationToken) =>
        (await repository.ListAsync(cancellationToken)).Where(t => t.Enabled).ToList();

    public static TrustedIssuer ToTrustedIssuer(FederationTrust trust) => new(
        trust.EntityId,
        trust.SigningCertificates.Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c))).ToList());
}
