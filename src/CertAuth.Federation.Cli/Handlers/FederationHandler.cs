using CertAuth.Federation.Administration.FederationTrusts;
using CertAuth.Federation.Cli.Certificates;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Metadata;
using CertAuth.Federation.Cli.Output;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>federation</c> verbs: the federation servers (AD FS role) whose SAML tokens the token service accepts.
/// Reads the files and metadata named on the command line; the rules and the audit are <see cref="FederationTrustManager"/>'s.
/// </summary>
internal sealed class FederationHandler(FederationTrustManager manager, CliConsole console, CliInvocation invocation, MetadataDocumentLoader loader)
{
    public const int MaxSigningCertificates = FederationTrustManager.MaxSigningCertificates;

    public async Task<int> AddAsync(
        string? entityId, string? metadata, string? ssoUrl, IReadOnlyList<string> signingCertificatePaths, bool allowUnsolicited, string? displayName,
        string? metadataUrl, CancellationToken cancellationToken)
    {
        var request = new FederationTrustAddRequest { EntityId = entityId, AllowUnsolicited = allowUnsolicited, DisplayName = displayName, MetadataUrl = metadataUrl };
        if (metadata is not null)
        {
            var xml = await loader.LoadAsync(metadata, invocation.Environment.CurrentDirectory, cancellationToken);
            request = request with { MetadataXml = xml, MetadataSource = metadata };
        }
        else
        {
            // The manager refuses a missing entity id or a wrong number of certificates before it decodes any; the
            // files are read only when those hold, so the refusal is the same as before any file is touched.
            var readFiles = !string.IsNullOrWhiteSpace(entityId) && entityId.Length <= Validation.InputRules.MaxEntityIdLength
                && signingCertificatePaths.Count is > 0 and <= MaxSigningCertificates;
            var certificates = signingCertificatePaths.Select(path =>
            {
                if (!readFiles)
                {
                    return new CertificateInput([], path);
                }

                var bytes = CertificateFileReader.ReadBytes(invocation.ResolveCommandLinePath(path), "--signing-cert", out var source);
                return new CertificateInput(bytes, source);
            }).ToList();
            request = request with { SingleSignOnUrl = ssoUrl, SigningCertificates = certificates };
        }

        var record = (await manager.AddAsync(request, invocation.Actor, cancellationToken)).Unwrap().Record;
        console.Line($"trusting federation server {record.EntityId} (SSO {record.SingleSignOnUrl}, {record.SigningCertificates.Count} signing certificate(s){(record.MetadataUrl is { } url ? $", metadata refreshed from {url}" : string.Empty)})");
        return CliApplication.Ok;
    }

    public async Task<int> SetAsync(string entityId, string? metadataUrl, CancellationToken cancellationToken)
    {
        var record = (await manager.SetMetadataUrlAsync(entityId, metadataUrl, invocation.Actor, cancellationToken)).Unwrap();
        console.Line(record.MetadataUrl is { } url
            ? $"federation server {record.EntityId}: metadata refreshed from {url}"
            : $"federation server {record.EntityId}: no metadata URL (signing certificates change only by an admin)");
        return CliApplication.Ok;
    }

    public async Task<int> ListAsync(bool json, CancellationToken cancellationToken)
    {
        var all = (await manager.ListAsync(cancellationToken)).Unwrap();
        if (json)
        {
            console.Json(all.Select(t => new { t.EntityId, t.DisplayName, t.Enabled, t.SingleSignOnUrl, SigningCertificates = t.SigningCertificates.Count, t.AllowUnsolicited, Source = t.Source.ToString(), t.MetadataUrl, t.MetadataRefreshedAt }));
            return CliApplication.Ok;
        }

        if (all.Count == 0)
        {
            console.Line("no federation servers.");
        }

        foreach (var t in all)
        {
            console.Line($"{t.EntityId}  {(t.Enabled ? "enabled" : "disabled")}  sso={t.SingleSignOnUrl}  signing-certificates={t.SigningCertificates.Count}  unsolicited={t.AllowUnsolicited}  source={t.Source}{(t.MetadataUrl is { } url ? $"  metadata-url={url}  refreshed={t.MetadataRefreshedAt?.ToString("O") ?? "never"}" : string.Empty)}");
        }

        return CliApplication.Ok;
    }

    public async Task<int> RemoveAsync(string entityId, CancellationToken cancellationToken)
    {
        var id = (await manager.RemoveAsync(entityId, invocation.Actor, cancellationToken)).Unwrap();
        console.Line($"no longer trusting {id}");
        return CliApplication.Ok;
    }
}
