using CertAuth.Federation.Protocols.Bindings;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.RelyingParties;

/// <summary>
/// Reads relying-party trusts from the store, so that <c>certauth rp</c> changes apply without a restart. A trust read
/// is reused per entity id only while (1) <see cref="RelyingPartyTrustChanges.Generation"/> is the one read before its
/// store query — any add, update or removal committed through this process's store drops every entry for the next
/// look-up — and (2) it is younger than <see cref="FederationServerOptions.RelyingPartyCacheLifetime"/> (default 2 s),
/// the bound within which a change made by another process (the CLI, another farm node) is seen. Unknown and disabled
/// entity ids are not cached (a new trust applies at once; a disabled one is read again on every request); at most
/// <see cref="MaxEntries"/> trusts are held (when full, everything is dropped). The cached trust — with its decoded
/// request-signing certificate — is shared by the requests that hit it; nobody disposes it. Before this cache, the
/// query and the certificate decode were about 11 % of a kept-alive sign-in's server CPU. Bounded entity-id length keeps
/// hostile input cheap.
/// </summary>
internal sealed class StoreRelyingPartyResolver(
    IRelyingPartyStore store, RelyingPartyTrustChanges changes, IOptionsMonitor<FederationServerOptions> options, TimeProvider timeProvider)
    : IRelyingPartyResolver
{
    private const int MaxEntityIdLength = 1024;

    /// <summary>The bound on cached trusts.</summary>
    internal const int MaxEntries = 1_000;

    private readonly StoreReadCache<RelyingPartyTrust> _cache = new(changes, timeProvider, MaxEntries);

    /// <summary>Trusts held now (tests, diagnostics).</summary>
    internal int Count => _cache.Count;

    public Task<RelyingPartyTrust?> ResolveAsync(string entityId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(entityId) || entityId.Length > MaxEntityIdLength)
        {
            return Task.FromResult<RelyingPartyTrust?>(null);
        }

        return _cache.GetAsync(
            entityId,
            options.CurrentValue.RelyingPartyCacheLifetime,
            async ct => await store.FindByEntityIdAsync(entityId, ct) is { Enabled: true } record ? ToTrust(record) : null,
            static _ => true,
            cancellationToken);
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
