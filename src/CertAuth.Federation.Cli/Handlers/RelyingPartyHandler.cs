using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Cli.Certificates;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Metadata;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Cli.Validation;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

using CertAuth.Federation.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>The <c>rp</c> verbs: relying-party trusts (who may receive tokens, at which ACS URLs, signed how).</summary>
internal sealed class RelyingPartyHandler(
    IRelyingPartyStore relyingParties,
    [FromKeyedServices(StoreRole.Federation)] IAuditLog audit,
    ServiceProviderMetadataImporter metadataImporter,
    CliConsole console,
    CliInvocation invocation,
    TimeProvider timeProvider)
{
    /// <summary>More ACS URLs than this is a mistake, not a configuration.</summary>
    public const int MaxAcsUrls = 32;

    /// <summary>Bound on the number of claim types released to one relying party.</summary>
    public const int MaxClaims = 64;

    private readonly List<string> _warnings = [];

    public async Task<int> AddAsync(string? entityId, RelyingPartyChanges changes, CancellationToken cancellationToken)
    {
        ServiceProviderMetadata? metadata = null;
        if (changes.Metadata is not null)
        {
            metadata = await metadataImporter.ImportAsync(changes.Metadata, invocation.Environment.CurrentDirectory, cancellationToken);
            if (metadata.ValidUntil is { } validUntil && validUntil <= timeProvider.GetUtcNow())
            {
                _warnings.Add($"the metadata was valid until {CliConsole.Instant(validUntil)}; ask the SP for current metadata.");
            }

            if (metadata.SigningCertificateCount > 1 && changes.SigningCertificatePath is null)
            {
                _warnings.Add($"the metadata lists {metadata.SigningCertificateCount} signing certificates; only the first is kept.");
            }
        }

        if (entityId is not null && metadata is not null && !string.Equals(entityId.Trim(), metadata.EntityId, StringComparison.Ordinal))
        {
            throw new CliRefusedException($"entity id '{entityId}' differs from the metadata's entityID '{metadata.EntityId}'.");
        }

        var id = InputRules.Token(entityId ?? metadata?.EntityId, "entity id", InputRules.MaxEntityIdLength);
        if (await relyingParties.FindByEntityIdAsync(id, cancellationToken) is not null)
        {
            throw new CliRefusedException($"a relying party with entity id '{id}' already exists (use 'certauth rp set').");
        }

        // WS-Federation metadata (only an ApplicationServiceType, or --protocol wsfed with one): its passive endpoints.
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
            Source = RecordSource.Administrator,
        };
        if (changes.NameIdFormat is null && metadata?.NameIdFormat is { } metadataFormat)
        {
            record.NameIdFormat = NameIdFormatNames.Resolve(metadataFormat);
        }

        var applied = Apply(record, changes);
        Validate(record);
        await relyingParties.AddAsync(record, cancellationToken);
        if (changes.Acs is null)
        {
            applied.Insert(0, $"acs={string.Join(' ', record.AssertionConsumerServiceUrls)}");
        }

        if (metadata is not null)
        {
            applied.Insert(0, $"metadata={changes.Metadata}");
        }

        await audit.WriteAsync(invocation.Actor, "rp.add", id, string.Join("; ", applied), cancellationToken);
        FlushWarnings();
        console.Line($"added relying party {id} ({record.AssertionConsumerServiceUrls.Count} ACS URL(s), signed requests {(record.RequireSignedRequests ? "required" : "optional")})");
        return CliApplication.Ok;
    }

    public async Task<int> ListAsync(bool json, CancellationToken cancellationToken)
    {
        var views = (await relyingParties.ListAsync(cancellationToken)).Select(ToView).ToList();
        if (json)
        {
            console.Json(views);
            return CliApplication.Ok;
        }

        if (views.Count == 0)
        {
            console.Line("no relying parties.");
        }

        foreach (var v in views)
        {
            console.Line($"{v.EntityId}  {(v.Enabled ? "enabled" : "disabled")}  name={v.DisplayName ?? "-"}  acs={string.Join(',', v.AssertionConsumerServiceUrls)}  "
                + $"signing-cert={v.SigningCertificateSubject ?? "-"}  require-signed-requests={(v.RequireSignedRequests ? "yes" : "no")}  sign-response={(v.SignResponse ? "yes" : "no")}  "
                + $"name-id-format={v.NameIdFormat}  claims={(v.ReleasedClaims.Count == 0 ? "(default)" : string.Join(',', v.ReleasedClaims))}  "
                + $"token-lifetime={v.TokenLifetimeMinutes}m  theme={v.Theme ?? "-"}  protocol={v.Protocol}  token-type={v.TokenType}  source={v.Source}");
        }

        return CliApplication.Ok;
    }

    public async Task<int> SetAsync(string entityId, RelyingPartyChanges changes, CancellationToken cancellationToken)
    {
        var record = await FindAsync(entityId, cancellationToken);
        var applied = Apply(record, changes);
        if (applied.Count == 0)
        {
            throw new CliRefusedException("nothing to change; give at least one option (see 'certauth rp set --help').");
        }

        Validate(record);
        if (!await relyingParties.UpdateAsync(record, cancellationToken))
        {
            throw new CliRefusedException($"no relying party with entity id '{record.EntityId}'.");
        }

        var details = string.Join("; ", applied);
        await audit.WriteAsync(invocation.Actor, "rp.set", record.EntityId, details, cancellationToken);
        WarnIfSeeded(record);
        FlushWarnings();
        console.Line($"updated relying party {record.EntityId}: {details}");
        return CliApplication.Ok;
    }

    public async Task<int> RemoveAsync(string entityId, CancellationToken cancellationToken)
    {
        var record = await FindAsync(entityId, cancellationToken);
        if (!await relyingParties.RemoveAsync(record.EntityId, cancellationToken))
        {
            throw new CliRefusedException($"no relying party with entity id '{record.EntityId}'.");
        }

        await audit.WriteAsync(invocation.Actor, "rp.remove", record.EntityId, null, cancellationToken);
        WarnIfSeeded(record);
        FlushWarnings();
        console.Line($"removed relying party {record.EntityId}");
        return CliApplication.Ok;
    }

    /// <summary>Applies the typed options to <paramref name="record"/>; returns one "field=value" line per change.</summary>
    private List<string> Apply(RelyingPartyRecord record, RelyingPartyChanges changes)
    {
        var applied = new List<string>();
        if (changes.Acs is not null)
        {
            record.AssertionConsumerServiceUrls = [.. changes.Acs.Select(InputRules.AcsUrl).Distinct(StringComparer.Ordinal)];
            applied.Add($"acs={string.Join(' ', record.AssertionConsumerServiceUrls)}");
        }

        foreach (var url in (changes.AddAcs ?? []).Select(InputRules.AcsUrl))
        {
            if (!record.AssertionConsumerServiceUrls.Contains(url, StringComparer.Ordinal))
            {
                record.AssertionConsumerServiceUrls.Add(url);
            }

            applied.Add($"add-acs={url}");
        }

        foreach (var url in changes.RemoveAcs ?? [])
        {
            if (record.AssertionConsumerServiceUrls.RemoveAll(u => string.Equals(u, url.Trim(), StringComparison.Ordinal)) == 0)
            {
                throw new CliRefusedException($"--remove-acs '{url}' is not an ACS URL of '{record.EntityId}'.");
            }

            applied.Add($"remove-acs={url.Trim()}");
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
        else if (changes.SigningCertificatePath is not null)
        {
            using var certificate = CertificateFileReader.Read(invocation.ResolveCommandLinePath(changes.SigningCertificatePath), "--signing-cert");
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
            var claims = (changes.Claims ?? []).Select(c => InputRules.Token(c, "--claim", InputRules.MaxClaimTypeLength)).Distinct(StringComparer.Ordinal).ToList();
            if (claims.Count > MaxClaims)
            {
                throw new CliRefusedException($"at most {MaxClaims} --claim types per relying party.");
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
            if (!Directory.Exists(invocation.Settings.ResolvePath(Path.Combine("themes", record.Theme))))
            {
                _warnings.Add($"theme '{record.Theme}' has no folder under themes/ next to the configuration; the default theme will be used until it exists.");
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

        if (changes.Enabled is { } enabled)
        {
            record.Enabled = enabled;
            applied.Add($"enabled={(enabled ? "true" : "false")}");
        }

        return applied;
    }

    private void Validate(RelyingPartyRecord record)
    {
        if (record.AssertionConsumerServiceUrls.Count == 0)
        {
            throw new CliRefusedException($"relying party '{record.EntityId}' needs at least one --acs URL.");
        }

        if (record.AssertionConsumerServiceUrls.Count > MaxAcsUrls)
        {
            throw new CliRefusedException($"at most {MaxAcsUrls} ACS URLs per relying party.");
        }

        foreach (var url in record.AssertionConsumerServiceUrls)
        {
            InputRules.AcsUrl(url);
        }

        if (record.RequireSignedRequests && record.RequestSigningCertificate is null)
        {
            throw new CliRefusedException("--require-signed-requests needs the relying party's --signing-cert to verify them.");
        }

        if (record.RequestSigningCertificate is { } raw)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(raw);
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            if (notAfter <= timeProvider.GetUtcNow())
            {
                _warnings.Add($"the signing certificate '{certificate.Subject}' expired on {CliConsole.Instant(notAfter)}.");
            }
            else if (notAfter - timeProvider.GetUtcNow() < CertificateAuthorityInspector.ExpiryWarningPeriod)
            {
                _warnings.Add($"the signing certificate '{certificate.Subject}' expires on {CliConsole.Instant(notAfter)}.");
            }
        }
    }

    private async Task<RelyingPartyRecord> FindAsync(string entityId, CancellationToken cancellationToken)
    {
        var id = InputRules.Token(entityId, "entity id", InputRules.MaxEntityIdLength);
        return await relyingParties.FindByEntityIdAsync(id, cancellationToken)
            ?? throw new CliRefusedException($"no relying party with entity id '{id}' (see 'certauth rp list').");
    }

    private void WarnIfSeeded(RelyingPartyRecord record)
    {
        if (record.Source == RecordSource.Configuration)
        {
            _warnings.Add($"'{record.EntityId}' came from appsettings.json (Federation:RelyingParties); change it there too, or the server may seed it again.");
        }
    }

    private void FlushWarnings()
    {
        foreach (var warning in _warnings)
        {
            console.Warning(warning);
        }
    }

    private static RelyingPartyView ToView(RelyingPartyRecord record)
    {
        using var certificate = record.RequestSigningCertificate is { } raw ? X509CertificateLoader.LoadCertificate(raw) : null;
        return new RelyingPartyView(
            record.EntityId,
            record.DisplayName,
            record.Enabled,
            record.AssertionConsumerServiceUrls,
            certificate?.Subject,
            certificate?.GetCertHashString(HashAlgorithmName.SHA256),
            certificate is null ? null : new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
            record.RequireSignedRequests,
            record.SignResponse,
            record.NameIdFormat,
            record.ReleasedClaims,
            record.TokenLifetimeMinutes,
            record.Theme,
            record.Source.ToString(),
            record.CreatedAt,
            record.UpdatedAt,
            record.Protocol,
            record.TokenType);
    }
}
