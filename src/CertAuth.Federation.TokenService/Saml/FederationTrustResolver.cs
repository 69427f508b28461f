using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.TokenService.Saml;

/// <summary>The enabled federation trusts from the store, as the SAML validators want them.</summary>
internal sealed class FederationTrustResolver(IFederationTrustStore store)
{
    public async Task<FederationTrustRecord?> FindAsync(string entityId, CancellationToken cancellationToken)
    {
        var trust = await store.FindByEntityIdAsync(entityId, cancellationToken);
        return trust is { Enabled: true } ? trust : null;
    }

    public async Task<IReadOnlyList<FederationTrustRecord>> ListEnabledAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken)).Where(t => t.Enabled).ToList();

    public static TrustedIssuer ToTrustedIssuer(FederationTrustRecord trust) => new(
        trust.EntityId,
        trust.SigningCertificates.Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c))).ToList());
}
