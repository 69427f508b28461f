using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Administration.Certificates;
using CertAuth.Federation.Administration.Metadata;
using CertAuth.Federation.Administration.Validation;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Administration.RelyingParties;

/// <summary>
/// Relying-party trusts of the federation server (who may receive tokens, at which ACS URLs, signed how), including
/// import from SP metadata. Every rule and audit entry of these changes is here.
/// </summary>
public sealed class RelyingPartyManager(IRelyingPartyStore relyingParties, IAdminRoleStores stores, AdministrationOptions options, TimeProvider timeProvider)
{
    /// <summary>More ACS URLs than this is a mistake, not a configuration.</summary>
    public const int MaxAcsUrls = 32;

    /// <summary>Bound on the number of claim types released to one relying party.</summary>
    public const int MaxClaims = 64;

    /// <summary>Adds a relying party, from <paramref name="changes"/> and optionally SP metadata; refused when the entity id exists.</summary>
    public Task<AdminResult<RelyingPartyChange>> AddAsync(
        string? entityId, RelyingPartyChanges changes, string actor, CancellationToken cancellationToken, RecordSource source = RecordSource.Administrator) =>
        AdminOperation.RunAsync(async warnings =>
        {
            ArgumentNullException.ThrowIfNull(changes);
            ServiceProviderMetadata? metadata = null;
            if (changes.MetadataXml is not null)
            {
                metadata = MetadataDocuments.ReadServiceProvider(changes.MetadataXml, changes.MetadataSource ?? "document");
                if (metadata.ValidUntil is { } validUntil && validUntil <= timeProvider.GetUtcNow())
                {
                    warnings.Add($"the metadata was valid until {Instant(validUntil)}; ask the SP for current metadata.");
                }

                if (metadata.SigningCertificateCount > 1 && changes.SigningCertificate is null)
                {
                    warnings.Add($"the metadata lists {metadata.SigningCertificateCount} signing certificates; only the first is kept.");
                }
            }

            if (entityId is not null && metadata is not null && !string.Equals(entityId.Trim(), metadata.EntityId, StringComparison.Ordinal))
            {
                throw new AdminRefusal(AdminCodes.MetadataEntityMismatch, $"entity id '{entityId}' differs from the metadata's entityID '{metadata.EntityId}'.");
            }

            var id = InputRules.Token(entityId ?? metadata?.EntityId, "entity id", InputRules.MaxEntityIdLength);
            if (await relyingParties.FindByEntityIdAsync(id, cancellationToken) is not null)
            {
                throw new AdminRefusal(AdminCodes.Duplicate, $"a relying party with entity id '{id}' already exists (use 'certauth rp set').");
            }

            // WS-Federation: --protocol wsfed, or metadata with only an ApplicationServiceType: its passive endpoints.
            var wsFederation = changes.Protocol is { } typed
                ? ProtocolNames.Protocol(typed) == FederationProtocols.WsFederation
                : metadata is not null && metadata.PassiveRequestorEndpoints is { Count: > 0 } && metadata.SigningCertificateCount == 0
                  && metadata.AssertionConsumerServiceUrls.SequenceEqual(metadata.PassiveRequestorEndpoints);
            var record = new RelyingPartyRecord
            {
                EntityId = id,
                Protocol = wsFederation ? FederationProtocols.WsFederation : FederationProtocols.Saml2,
                AssertionConsumerServiceUrls = [.. (wsFederation && metadata?.PassiveRequestorEndpoints is { Count: > 0 } passive ? passive : metadata?.AssertionConsumerServiceUrls) ?? []],
                RequestSigningCertificate = metadata?.SigningCertificate?.RawData,
                RequireSignedRequests = metadata?.AuthnRequestsSigned ?? false,
                SingleLogoutServiceUrl = wsFederation ? null : metadata?.SingleLogoutService?.Location,
                SingleLogoutServiceBinding = wsFederation ? null : metadata?.SingleLogoutService?.Binding,
                Source = source,
            };
            if (changes.NameIdFormat is null && metadata?.NameIdFormat is { } metadataFormat)
            {
                record.NameIdFormat = NameIdFormatNames.Resolve(metadataFormat);
            }

            var applied = Apply(record, changes, warnings);
            Validate(record, warnings);
            await relyingParties.AddAsync(record, cancellationToken);
            if (changes.Acs is null)
            {
                applied.Insert(0, $"acs={string.Join(' ', record.AssertionConsumerServiceUrls)}");
            }

            if (metadata is not null)
            {
                applied.Insert(0, $"metadata={changes.MetadataSource}");
            }

            var details = string.Join("; ", applied);
            await stores.Audit(StoreRole.Federation).WriteAsync(actor, "rp.add", id, details, cancellationToken);
            return new RelyingPartyChange(record, details);
        });

    /// <summary>Every relying party.</summary>
    public Task<AdminResult<IReadOnlyList<RelyingPartyRecord>>> ListAsync(CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ => await relyingParties.ListAsync(cancellationToken));

    /// <summary>Changes a relying party.</summary>
    public Task<AdminResult<RelyingPartyChange>> SetAsync(string entityId, RelyingPartyChanges changes, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async warnings =>
        {
            ArgumentNullException.ThrowIfNull(changes);
            var record = await FindAsync(entityId, cancellationToken);
            var applied = Apply(record, changes, warnings);
            if (applied.Count == 0)
            {
                throw new AdminRefusal(AdminCodes.NothingToChange, "nothing to change; give at least one option (see 'certauth rp set --help').");
            }

            Validate(record, warnings);
            if (!await relyingParties.UpdateAsync(record, cancellationToken))
            {
                throw new AdminRefusal(AdminCodes.NotFound, $"no relying party with entity id '{record.EntityId}'.");
            }

            var details = string.Join("; ", applied);
            await stores.Audit(StoreRole.Federation).WriteAsync(actor, "rp.set", record.EntityId, details, cancellationToken);
            WarnIfSeeded(record, warnings);
            return new RelyingPartyChange(record, details);
        });

    /// <summary>Removes a relying party.</summary>
    public Task<AdminResult<RelyingPartyChange>> RemoveAsync(string entityId, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async warnings =>
        {
            var record = await FindAsync(entityId, cancellationToken);
            if (!await relyingParties.RemoveAsync(record.EntityId, cancellationToken))
            {
                throw new AdminRefusal(AdminCodes.NotFound, $"no relying party with entity id '{record.EntityId}'.");
            }

            await stores.Audit(StoreRole.Federation).WriteAsync(actor, "rp.remove", record.EntityId, null, cancellationToken);
            WarnIfSeeded(record, warnings);
            return new RelyingPartyChange(record, string.Empty);
        });

    /// <summary>Applies the fields to <paramref name="record"/>; returns one "field=value" line per change.</summary>
    private List<string> Apply(RelyingPartyRecord record, RelyingPartyChanges changes, List<string> warnings)
    {
        var applied = new List<string>();
        if (changes.Acs is not null)
        {
            Bound(changes.Acs, MaxAcsUrls * 4, "ACS URLs per relying party");
            record.AssertionConsumerServiceUrls = [.. changes.Acs.Select(InputRules.AcsUrl).Distinct(StringComparer.Ordinal)];
            applied.Add($"acs={string.Join(' ', record.AssertionConsumerServiceUrls)}");
        }

        Bound(changes.AddAcs, MaxAcsUrls * 4, "ACS URLs per relying party");
        foreach (var url in (changes.AddAcs ?? []).Select(InputRules.AcsUrl))
        {
            if (!record.AssertionConsumerServiceUrls.Contains(url, StringComparer.Ordinal))
            {
                record.AssertionConsumerServiceUrls.Add(url);
            }

            applied.Add($"add-acs={url}");
        }

        Bound(changes.RemoveAcs, MaxAcsUrls * 4, "ACS URLs per relying party");
        foreach (var url in changes.RemoveAcs ?? [])
        {
            if (record.AssertionConsumerServiceUrls.RemoveAll(u => string.Equals(u, url?.Trim(), StringComparison.Ordinal)) == 0)
            {
                throw new AdminRefusal(AdminCodes.NotFound, $"--remove-acs '{url}' is not an ACS URL of '{record.EntityId}'.");
            }

            applied.Add($"remove-acs={url!.Trim()}");
        }

        if (changes.DisplayName is not null)
        {
            record.DisplayName = InputRules.Text(changes.DisplayName, "--display-name", InputRules.MaxDisplayNameLength);
            applied.Add($"display-name={record.DisplayName ?? "(none)"}");
        }

        if (changes.ClearSigningCertificate)
        {
            record.RequestSigningCertificate = null;
            applied.Add("signing-cert=(none)");
        }
        else if (changes.SigningCertificate is not null)
        {
            using var certificate = CertificateDecoder.Decode(changes.SigningCertificate, changes.SigningCertificateSource ?? "--signing-cert");
            record.RequestSigningCertificate = certificate.RawData;
            applied.Add($"signing-cert-sha256={certificate.GetCertHashString(HashAlgorithmName.SHA256)}");
        }

        if (changes.RequireSignedRequests is { } requireSigned)
        {
            record.RequireSignedRequests = requireSigned;
            applied.Add($"require-signed-requests={(requireSigned ? "true" : "false")}");
        }

        if (changes.SignResponse is { } signResponse)
        {
            record.SignResponse = signResponse;
            applied.Add($"sign-response={(signResponse ? "true" : "false")}");
        }

        if (changes.NameIdFormat is not null)
        {
            record.NameIdFormat = NameIdFormatNames.Resolve(changes.NameIdFormat);
            applied.Add($"name-id-format={record.NameIdFormat}");
        }

        if (changes.ClearClaims || changes.Claims is not null)
        {
            Bound(changes.Claims, MaxClaims * 4, "--claim types per relying party");
            var claims = (changes.Claims ?? []).Select(c => InputRules.Token(c, "--claim", InputRules.MaxClaimTypeLength)).Distinct(StringComparer.Ordinal).ToList();
            if (claims.Count > MaxClaims)
            {
                throw new AdminRefusal(AdminCodes.ListBounds, $"at most {MaxClaims} --claim types per relying party.");
            }

            record.ReleasedClaims = claims;
            applied.Add($"claims={(claims.Count == 0 ? "(default)" : string.Join(' ', claims))}");
        }

        if (changes.TokenLifetimeMinutes is { } lifetime)
        {
            record.TokenLifetimeMinutes = InputRules.TokenLifetime(lifetime);
            applied.Add($"token-lifetime={lifetime}");
        }

        if (changes.ClearTheme)
        {
            record.Theme = null;
            applied.Add("theme=(none)");
        }
        else if (changes.Theme is not null)
        {
            record.Theme = InputRules.Theme(changes.Theme);
            if (options.ThemesPath is { } themes && !Directory.Exists(Path.Combine(themes, record.Theme)))
            {
                warnings.Add($"theme '{record.Theme}' has no folder under themes/ next to the configuration; the default theme will be used until it exists.");
            }

            applied.Add($"theme={record.Theme}");
        }

        if (changes.Protocol is not null)
        {
            record.Protocol = ProtocolNames.Protocol(changes.Protocol);
            applied.Add($"protocol={record.Protocol}");
        }

        if (changes.TokenType is not null)
        {
            record.TokenType = ProtocolNames.TokenType(changes.TokenType);
            applied.Add($"token-type={record.TokenType}");
        }

        if (changes.ClearSingleLogoutService)
        {
            record.SingleLogoutServiceUrl = null;
            record.SingleLogoutServiceBinding = null;
            applied.Add("slo=none");
        }
        else if (changes.SingleLogoutServiceUrl is not null || changes.SingleLogoutServiceBinding is not null)
        {
            record.SingleLogoutServiceUrl = changes.SingleLogoutServiceUrl ?? record.SingleLogoutServiceUrl
                ?? throw new AdminRefusal(AdminCodes.SingleLogoutService, "--slo-binding needs --slo-url.");
            record.SingleLogoutServiceBinding = SingleLogoutBinding(changes.SingleLogoutServiceBinding ?? record.SingleLogoutServiceBinding);
            applied.Add($"slo={record.SingleLogoutServiceUrl} ({(record.SingleLogoutServiceBinding == Protocols.Bindings.SamlBindingUris.HttpPost ? "post" : "redirect")})");
        }

        if (changes.Enabled is { } enabled)
        {
            record.Enabled = enabled;
            applied.Add($"enabled={(enabled ? "true" : "false")}");
        }

        return applied;
    }

    private void Validate(RelyingPartyRecord record, List<string> warnings)
    {
        if (record.AssertionConsumerServiceUrls.Count == 0)
        {
            throw new AdminRefusal(AdminCodes.Required, $"relying party '{record.EntityId}' needs at least one --acs URL.");
        }

        if (record.AssertionConsumerServiceUrls.Count > MaxAcsUrls)
        {
            throw new AdminRefusal(AdminCodes.ListBounds, $"at most {MaxAcsUrls} ACS URLs per relying party.");
        }

        foreach (var url in record.AssertionConsumerServiceUrls)
        {
            InputRules.AcsUrl(url);
        }

        if (record.SingleLogoutServiceUrl is { } slo)
        {
            InputRules.SecureUrl(slo, "--slo-url");
            if (record.Protocol == FederationProtocols.WsFederation)
            {
                throw new AdminRefusal(AdminCodes.SingleLogoutService, "a WS-Federation relying party is signed out with wsignoutcleanup1.0 at its endpoint; --slo-url is for SAML 2.0 trusts.");
            }

            if (record.RequestSigningCertificate is null)
            {
                warnings.Add("single logout needs the relying party's --signing-cert: its LogoutRequests are refused until one is registered.");
            }
        }

        if (record.RequireSignedRequests && record.RequestSigningCertificate is null)
        {
            throw new AdminRefusal(AdminCodes.SigningCertificateRequired, "--require-signed-requests needs the relying party's --signing-cert to verify them.");
        }

        if (record.RequestSigningCertificate is { } raw)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(raw);
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            if (notAfter <= timeProvider.GetUtcNow())
            {
                warnings.Add($"the signing certificate '{certificate.Subject}' expired on {Instant(notAfter)}.");
            }
            else if (notAfter - timeProvider.GetUtcNow() < CertificateAuthorityInspector.ExpiryWarningPeriod)
            {
                warnings.Add($"the signing certificate '{certificate.Subject}' expires on {Instant(notAfter)}.");
            }
        }
    }

    /// <summary>The binding URI of a SingleLogoutService binding as typed (redirect, post, or the URI); null → redirect.</summary>
    private static string SingleLogoutBinding(string? typed) => typed?.Trim().ToLowerInvariant() switch
    {
        null or "" or "redirect" or "http-redirect" => Protocols.Bindings.SamlBindingUris.HttpRedirect,
        "post" or "http-post" => Protocols.Bindings.SamlBindingUris.HttpPost,
        _ when typed!.Trim() is Protocols.Bindings.SamlBindingUris.HttpRedirect or Protocols.Bindings.SamlBindingUris.HttpPost => typed.Trim(),
        _ => throw new AdminRefusal(AdminCodes.SingleLogoutService, $"--slo-binding '{typed}' must be redirect or post."),
    };

    private async Task<RelyingPartyRecord> FindAsync(string entityId, CancellationToken cancellationToken)
    {
        var id = InputRules.Token(entityId, "entity id", InputRules.MaxEntityIdLength);
        return await relyingParties.FindByEntityIdAsync(id, cancellationToken)
            ?? throw new AdminRefusal(AdminCodes.NotFound, $"no relying party with entity id '{id}' (see 'certauth rp list').");
    }

    private static void WarnIfSeeded(RelyingPartyRecord record, List<string> warnings)
    {
        if (record.Source == RecordSource.Configuration)
        {
            warnings.Add($"'{record.EntityId}' came from appsettings.json (Federation:RelyingParties); change it there too, or the server may seed it again.");
        }
    }

    /// <summary>Refuses a list longer than a bound before any entry is looked at (bounded work for any input).</summary>
    private static void Bound<T>(IReadOnlyList<T>? list, int max, string what)
    {
        if (list is not null && list.Count > max)
        {
            throw new AdminRefusal(AdminCodes.ListBounds, $"at most {max} {what}.");
        }
    }

    /// <summary>ISO 8601 UTC with as many fractional digits as the instant has (as the CLI prints instants).</summary>
    internal static string Instant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
