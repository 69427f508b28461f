using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Administration.Metadata;
using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Administration.FederationTrusts;

/// <summary>What a metadata refresh did to a trust's signing certificates.</summary>
public sealed record FederationTrustMetadataRefresh(FederationTrustRecord Record, IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    /// <summary>Whether the trusted set changed.</summary>
    public bool Changed => Added.Count > 0 || Removed.Count > 0;
}

/// <summary>
/// The token service's trust in a federation server kept current from its metadata URL (issue 13 item 2): the rules
/// that decide whether a fetched document may replace the trust's signing certificates, and the audit entry. A document
/// replaces them only when its enveloped signature (on the EntityDescriptor) verifies with a certificate the trust
/// already has, it describes the trust's entity id, it has not expired (<c>validUntil</c>) and its IDPSSODescriptor names
/// 1 to <see cref="FederationTrustManager.MaxSigningCertificates"/> signing certificates. So a secondary the federation
/// server publishes becomes trusted before it signs, and a certificate the document no longer lists is dropped; a
/// document signed by any other key (or unsigned, or altered) changes nothing.
/// </summary>
public sealed class FederationTrustMetadataManager(IFederationTrustStore trusts, IAdminRoleStores stores, TimeProvider timeProvider)
{
    /// <summary>The actor of scheduled refreshes in the audit trail.</summary>
    public const string RefreshActor = "metadata-refresh";

    /// <summary>Largest metadata document accepted.</summary>
    public const int MaxBytes = MetadataDocuments.MaxBytes;

    /// <summary>Checks <paramref name="metadataXml"/> (fetched from the trust's metadata URL) and replaces the trust's signing certificates from it.</summary>
    public Task<AdminResult<FederationTrustMetadataRefresh>> ApplyAsync(string entityId, string metadataXml, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            var trust = await trusts.FindByEntityIdAsync(entityId, cancellationToken)
                ?? throw new AdminRefusal(AdminCodes.NotFound, $"the federation server '{entityId}' is not trusted.");
            if (string.IsNullOrEmpty(metadataXml) || metadataXml.Length > MaxBytes)
            {
                throw new AdminRefusal(AdminCodes.Metadata, $"the metadata of '{entityId}' is empty or larger than {MaxBytes} bytes.");
            }

            if (!new SafeXmlLoader(MaxBytes).Load(metadataXml).IsValid(out var document, out var loadFailure)
                || !new MetadataReader().Read(document).IsValid(out var entity, out loadFailure))
            {
                throw new AdminRefusal(AdminCodes.Metadata, $"the metadata of '{entityId}' is not usable SAML metadata: {loadFailure.Message}");
            }

            var current = trust.SigningCertificates.Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c))).ToList();
            try
            {
                if (new SignatureVerifier().Verify(document.DocumentElement!, current).Refusal is { } signatureFailure)
                {
                    throw new AdminRefusal(AdminCodes.MetadataSignature, $"the metadata of '{entityId}' is not signed by a certificate the trust has ({signatureFailure.Reason}): {signatureFailure.Message}");
                }
            }
            finally
            {
                foreach (var certificate in current)
                {
                    certificate.Dispose();
                }
            }

            if (!string.Equals(entity.EntityId, trust.EntityId, StringComparison.Ordinal))
            {
                throw new AdminRefusal(AdminCodes.MetadataEntityMismatch, $"the metadata describes '{entity.EntityId}', not '{trust.EntityId}'.");
            }

            var now = timeProvider.GetUtcNow();
            if (entity.ValidUntil is { } validUntil && validUntil <= now)
            {
                throw new AdminRefusal(AdminCodes.Metadata, $"the metadata of '{entityId}' expired at {validUntil:O}.");
            }

            var published = entity.IdpSsoDescriptor?.SigningCertificates ?? [];
            if (published.Count is 0 or > FederationTrustManager.MaxSigningCertificates)
            {
                throw new AdminRefusal(AdminCodes.Metadata, $"the metadata of '{entityId}' names {published.Count} IDPSSODescriptor signing certificates (1 to {FederationTrustManager.MaxSigningCertificates} accepted).");
            }

            var next = published.Select(c => Convert.ToBase64String(c.RawData)).Distinct(StringComparer.Ordinal).ToList();
            var added = next.Except(trust.SigningCertificates, StringComparer.Ordinal).Select(Thumbprint).ToList();
            var removed = trust.SigningCertificates.Except(next, StringComparer.Ordinal).Select(Thumbprint).ToList();
            trust.MetadataRefreshedAt = now;
            if (added.Count > 0 || removed.Count > 0)
            {
                trust.SigningCertificates = next;
            }

            if (!await trusts.UpdateAsync(trust, cancellationToken))
            {
                throw new AdminRefusal(AdminCodes.NotFound, $"the federation server '{entityId}' is no longer trusted.");
            }

            if (added.Count > 0 || removed.Count > 0)
            {
                await stores.Audit(StoreRole.TokenService).WriteAsync(actor, "federation.metadata-refresh", trust.EntityId,
                    $"added={string.Join(",", added)}; removed={string.Join(",", removed)}", cancellationToken);
            }

            return new FederationTrustMetadataRefresh(trust, added, removed);
        });

    private static string Thumbprint(string base64Der) =>
        Convert.ToHexString(SHA256.HashData(Convert.FromBase64String(base64Der)));
}
