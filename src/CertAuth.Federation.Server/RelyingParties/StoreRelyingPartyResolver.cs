using CertAuth.Federation.Protocols.Bindings;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Server.RelyingParties;

/// <summary>
/// Reads relying-party trusts from the store on every request, so that <c>certauth rp</c> changes apply without
/// a restart. The look-up is one indexed query; bounded entity-id length keeps hostile input cheap.
/// </summary>
internal sealed class StoreRelyingPartyResolver(IRelyingPartyStore store) : IRelyingPartyResolver
{
    private const int MaxEntityIdLength = 1024;

    public async Task<RelyingPartyTrust?> ResolveAsync(string entityId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(entityId) || entityId.Length > MaxEntityIdLength)
        {
            return null;
        }

        var record = await store.FindByEntityIdAsync(entityId, cancellationToken);
        return record is { Enabled: true } ? ToTrust(record) : null;
    }

    internal static RelyingPartyTrust ToTrust(RelyingPartyRecord record) => new()
    {
        EntityId = record.EntityId,
        DisplayName = record.DisplayName,
        AssertionConsumerServiceUrls = [.. record.AssertionConsumerServiceUrls.Where(EndpointUrlRules.IsAcceptable)],
        RequestSigningCertificate = record.RequestSigningCertificate is { Length: > 0 } der ? X509CertificateLoader.LoadCertificate(der) : null,
        RequireSignedRequests = record.RequireSignedRequests,
        SignResponse = record.SignResponse,
        NameIdFormat = record.NameIdFormat,
        ReleasedClaims = [.. record.ReleasedClaims],
        TokenLifetime = TimeSpan.FromMinutes(Math.Clamp(record.TokenLifetimeMinutes, 1, 24 * 60)),
        Theme = record.Theme,
        Protocol = FederationProtocols.IsProtocol(record.Protocol) ? record.Protocol : FederationProtocols.Saml2,
        TokenType = FederationProtocols.IsTokenType(record.TokenType) ? record.TokenType : FederationProtocols.Saml11Token,
        SingleLogoutServiceUrl = record.SingleLogoutServiceUrl is { } slo && EndpointUrlRules.IsAcceptable(slo) ? slo : null,
        SingleLogoutServiceBinding = record.SingleLogoutServiceBinding == SamlBindingUris.HttpPost ? SamlBindingUris.HttpPost : SamlBindingUris.HttpRedirect,
    };
}
