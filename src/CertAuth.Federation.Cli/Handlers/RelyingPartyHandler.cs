using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Administration.RelyingParties;
using CertAuth.Federation.Cli.Certificates;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Metadata;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage.Entities;
using AdminChanges = CertAuth.Federation.Administration.RelyingParties.RelyingPartyChanges;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>rp</c> verbs: relying-party trusts (who may receive tokens, at which ACS URLs, signed how). Reads the
/// metadata and certificate files named on the command line and prints; the rules and the audit are
/// <see cref="RelyingPartyManager"/>'s.
/// </summary>
internal sealed class RelyingPartyHandler(
    RelyingPartyManager manager,
    MetadataDocumentLoader metadataLoader,
    CliConsole console,
    CliInvocation invocation)
{
    /// <summary>More ACS URLs than this is a mistake, not a configuration.</summary>
    public const int MaxAcsUrls = RelyingPartyManager.MaxAcsUrls;

    /// <summary>Bound on the number of claim types released to one relying party.</summary>
    public const int MaxClaims = RelyingPartyManager.MaxClaims;

    public async Task<int> AddAsync(string? entityId, RelyingPartyChanges changes, CancellationToken cancellationToken)
    {
        var result = await manager.AddAsync(entityId, await ToAdminAsync(changes, cancellationToken), invocation.Actor, cancellationToken);
        var added = result.Unwrap();
        FlushWarnings(result.Warnings);
        var record = added.Record;
        console.Line($"added relying party {record.EntityId} ({record.AssertionConsumerServiceUrls.Count} ACS URL(s), signed requests {(record.RequireSignedRequests ? "required" : "optional")})");
        return CliApplication.Ok;
    }

    public async Task<int> ListAsync(bool json, CancellationToken cancellationToken)
    {
        var views = (await manager.ListAsync(cancellationToken)).Unwrap().Select(ToView).ToList();
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
        var result = await manager.SetAsync(entityId, await ToAdminAsync(changes, cancellationToken), invocation.Actor, cancellationToken);
        var change = result.Unwrap();
        FlushWarnings(result.Warnings);
        console.Line($"updated relying party {change.Record.EntityId}: {change.Details}");
        return CliApplication.Ok;
    }

    public async Task<int> RemoveAsync(string entityId, CancellationToken cancellationToken)
    {
        var result = await manager.RemoveAsync(entityId, invocation.Actor, cancellationToken);
        var removed = result.Unwrap();
        FlushWarnings(result.Warnings);
        console.Line($"removed relying party {removed.Record.EntityId}");
        return CliApplication.Ok;
    }

    /// <summary>The typed options as the manager takes them: the metadata document and the signing certificate read from their files.</summary>
    private async Task<AdminChanges> ToAdminAsync(RelyingPartyChanges changes, CancellationToken cancellationToken)
    {
        string? metadataXml = null;
        if (changes.Metadata is not null)
        {
            metadataXml = await metadataLoader.LoadAsync(changes.Metadata, invocation.Environment.CurrentDirectory, cancellationToken);
        }

        byte[]? signingCertificate = null;
        string? signingCertificateSource = null;
        if (!changes.ClearSigningCertificate && changes.SigningCertificatePath is not null)
        {
            signingCertificate = CertificateFileReader.ReadBytes(invocation.ResolveCommandLinePath(changes.SigningCertificatePath), "--signing-cert", out var source);
            signingCertificateSource = source;
        }

        return new AdminChanges
        {
            MetadataXml = metadataXml,
            MetadataSource = changes.Metadata,
            Acs = changes.Acs,
            AddAcs = changes.AddAcs,
            RemoveAcs = changes.RemoveAcs,
            DisplayName = changes.DisplayName,
            SigningCertificate = signingCertificate,
            SigningCertificateSource = signingCertificateSource,
            ClearSigningCertificate = changes.ClearSigningCertificate,
            RequireSignedRequests = changes.RequireSignedRequests,
            SignResponse = changes.SignResponse,
            NameIdFormat = changes.NameIdFormat,
            Claims = changes.Claims,
            ClearClaims = changes.ClearClaims,
            TokenLifetimeMinutes = changes.TokenLifetimeMinutes,
            Theme = changes.Theme,
            ClearTheme = changes.ClearTheme,
            Enabled = changes.Enabled,
            Protocol = changes.Protocol,
            TokenType = changes.TokenType,
            SingleLogoutServiceUrl = changes.SingleLogoutServiceUrl,
            SingleLogoutServiceBinding = changes.SingleLogoutServiceBinding,
            ClearSingleLogoutService = changes.ClearSingleLogoutService,
        };
    }

    private void FlushWarnings(IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
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
