using CertAuth.Federation.Administration.Certificates;
using CertAuth.Federation.Administration.Metadata;
using CertAuth.Federation.Administration.Validation;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Administration.FederationTrusts;

/// <summary>A signing certificate given as content (DER or PEM) and where it came from, for messages.</summary>
public sealed record CertificateInput(byte[] Content, string Source);

/// <summary>
/// A federation server to trust: from its IdP metadata (<see cref="MetadataXml"/>, named by <see cref="MetadataSource"/>),
/// or from <see cref="EntityId"/>, <see cref="SingleSignOnUrl"/> and <see cref="SigningCertificates"/>.
/// </summary>
public sealed record FederationTrustAddRequest
{
    public string? EntityId { get; init; }

    public string? MetadataXml { get; init; }

    public string? MetadataSource { get; init; }

    public string? SingleSignOnUrl { get; init; }

    public IReadOnlyList<CertificateInput> SigningCertificates { get; init; } = [];

    public bool AllowUnsolicited { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>How the token service sends the browser there: saml2 (AuthnRequest, default) or wsfed (wsignin1.0).</summary>
    public string? Protocol { get; init; }

    /// <summary>
    /// An https metadata URL the token service refreshes the signing certificates from (issue 13 item 2); the first
    /// certificates still come from the request, so that the first document is verified against a key the admin vouched for.
    /// </summary>
    public string? MetadataUrl { get; init; }
}

/// <summary>A trust as stored, and whether this call added it.</summary>
public sealed record FederationTrustAdded(FederationTrustRecord Record, bool Added);

/// <summary>The federation servers (AD FS role) whose SAML tokens the token service accepts. Several signing certificates may be trusted at once (key rollover).</summary>
public sealed class FederationTrustManager(IFederationTrustStore trusts, IAdminRoleStores stores)
{
    /// <summary>Bound on signing certificates per trust.</summary>
    public const int MaxSigningCertificates = 8;

    /// <summary>
    /// Trusts a federation server; refused when its inputs are invalid or it is already trusted (with
    /// <paramref name="skipExisting"/>, seeding's mode, the stored trust is returned unchanged instead).
    /// </summary>
    public Task<AdminResult<FederationTrustAdded>> AddAsync(
        FederationTrustAddRequest request, string actor, CancellationToken cancellationToken, RecordSource source = RecordSource.Administrator, bool skipExisting = false) =>
        AdminOperation.RunAsync(async _ =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var protocol = request.Protocol is { } typed ? ProtocolNames.Protocol(typed) : FederationProtocols.Saml2;
            var record = request.MetadataXml is null ? FromFields(request) : FromMetadata(request, protocol);
            record.Protocol = protocol;
            record.AllowUnsolicited = request.AllowUnsolicited;
            record.DisplayName = InputRules.Text(request.DisplayName, "--display-name", InputRules.MaxDisplayNameLength);
            record.Source = source;
            record.MetadataUrl = MetadataUrlRule(request.MetadataUrl);
            if (await trusts.FindByEntityIdAsync(record.EntityId, cancellationToken) is { } existing)
            {
                if (skipExisting)
                {
                    return new FederationTrustAdded(existing, Added: false);
                }

                throw new AdminRefusal(AdminCodes.Duplicate, $"the federation server '{record.EntityId}' is already trusted.");
            }

            await trusts.AddAsync(record, cancellationToken);
            await stores.Audit(StoreRole.TokenService).WriteAsync(actor, "federation.add", record.EntityId, $"certificates={record.SigningCertificates.Count}; unsolicited={record.AllowUnsolicited}; protocol={record.Protocol}", cancellationToken);
            return new FederationTrustAdded(record, Added: true);
        });

    /// <summary>Every trusted federation server.</summary>
    public Task<AdminResult<IReadOnlyList<FederationTrustRecord>>> ListAsync(CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ => await trusts.ListAsync(cancellationToken));

    /// <summary>
    /// Sets (or, with an empty value, clears) the metadata URL the token service refreshes the trust's signing
    /// certificates from; the rules are <see cref="MetadataUrlRule"/>'s (CAA1010, CAA1011). The certificates already
    /// trusted stay: the next document from the new URL must be signed by one of them.
    /// </summary>
    public Task<AdminResult<FederationTrustRecord>> SetMetadataUrlAsync(string entityId, string? metadataUrl, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            var url = MetadataUrlRule(metadataUrl);
            var trust = string.IsNullOrEmpty(entityId) || entityId.Length > InputRules.MaxEntityIdLength
                ? null
                : await trusts.FindByEntityIdAsync(entityId, cancellationToken);
            if (trust is null)
            {
                throw new AdminRefusal(AdminCodes.NotFound, $"no federation server '{entityId}' is trusted.");
            }

            if (string.Equals(trust.MetadataUrl, url, StringComparison.Ordinal))
            {
                return trust;
            }

            trust.MetadataUrl = url;
            trust.MetadataRefreshedAt = null;
            if (!await trusts.UpdateAsync(trust, cancellationToken))
            {
                throw new AdminRefusal(AdminCodes.NotFound, $"no federation server '{entityId}' is trusted.");
            }

            await stores.Audit(StoreRole.TokenService).WriteAsync(actor, "federation.set", trust.EntityId, $"metadataUrl={url ?? "(none)"}", cancellationToken);
            return trust;
        });

    /// <summary>Stops trusting a federation server.</summary>
    public Task<AdminResult<string>> RemoveAsync(string entityId, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            if (string.IsNullOrEmpty(entityId) || entityId.Length > InputRules.MaxEntityIdLength || !await trusts.RemoveAsync(entityId, cancellationToken))
            {
                throw new AdminRefusal(AdminCodes.NotFound, $"no federation server '{entityId}' is trusted.");
            }

            await stores.Audit(StoreRole.TokenService).WriteAsync(actor, "federation.remove", entityId, null, cancellationToken);
            return entityId;
        });

    private static FederationTrustRecord FromFields(FederationTrustAddRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.EntityId) || request.EntityId.Length > InputRules.MaxEntityIdLength)
        {
            throw new AdminRefusal(AdminCodes.Required, "give the federation server's entity id, or --metadata.");
        }

        if (request.SigningCertificates.Count is 0 or > MaxSigningCertificates)
        {
            throw new AdminRefusal(AdminCodes.ListBounds, $"give between 1 and {MaxSigningCertificates} --signing-cert files.");
        }

        var certificates = request.SigningCertificates.Select(input =>
        {
            using var certificate = CertificateDecoder.Decode(input.Content, input.Source);
            return Convert.ToBase64String(certificate.RawData);
        }).Distinct(StringComparer.Ordinal).ToList();
        return new FederationTrustRecord
        {
            EntityId = request.EntityId.Trim(),
            SingleSignOnUrl = InputRules.SecureUrl(request.SingleSignOnUrl, "--sso"),
            SigningCertificates = certificates,
        };
    }

    /// <summary>
    /// The trust's metadata URL: absolute https (http only on localhost/127.0.0.1/[::1], which the token service fetches
    /// only in the Development environment), no user information, no fragment; empty means none. CAA1010 / CAA1011.
    /// </summary>
    private static string? MetadataUrlRule(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var url = InputRules.SecureUrl(value.Trim(), "--metadata-url");
        var uri = new Uri(url, UriKind.Absolute);
        if (uri.UserInfo.Length > 0)
        {
            throw new AdminRefusal(AdminCodes.InvalidUrl, $"--metadata-url '{value}' must not carry user information.");
        }

        return uri.AbsoluteUri;
    }

    /// <summary>From an IdP's metadata (IDPSSODescriptor): entity id, SSO endpoint (HTTP-Redirect), signing keys.</summary>
    private static FederationTrustRecord FromMetadata(FederationTrustAddRequest request, string protocol)
    {
        var source = request.MetadataSource ?? "document";
        // WS-Federation 1.2 §3.1: a WS-Fed trust sends the browser to the STS role's passive requestor endpoint.
        var passive = protocol == FederationProtocols.WsFederation && request.SingleSignOnUrl is null
            ? MetadataDocuments.ReadPassiveRequestorEndpoint(request.MetadataXml!, source)
            : null;
        var idp = MetadataDocuments.ReadIdentityProvider(request.MetadataXml!, source, request.EntityId);
        if (request.SigningCertificates.Count > MaxSigningCertificates)
        {
            throw new AdminRefusal(AdminCodes.ListBounds, $"give between 1 and {MaxSigningCertificates} --signing-cert files.");
        }

        // Certificates given besides the metadata (key rollover announced out of band) are trusted too.
        var extra = request.SigningCertificates.Select(input =>
        {
            using var certificate = CertificateDecoder.Decode(input.Content, input.Source);
            return Convert.ToBase64String(certificate.RawData);
        });
        return new FederationTrustRecord
        {
            EntityId = idp.EntityId,
            SingleSignOnUrl = request.SingleSignOnUrl is { } sso ? InputRules.SecureUrl(sso, "--sso")
                : passive is not null ? InputRules.SecureUrl(passive, "PassiveRequestorEndpoint")
                : InputRules.SecureUrl(idp.SingleSignOnUrl, "SingleSignOnService"),
            SigningCertificates = [.. idp.SigningCertificates.Select(c => Convert.ToBase64String(c.RawData)).Concat(extra).Distinct(StringComparer.Ordinal).Take(MaxSigningCertificates)],
            MetadataSource = source.Length > InputRules.MaxUrlLength ? source[..InputRules.MaxUrlLength] : source,
        };
    }
}
