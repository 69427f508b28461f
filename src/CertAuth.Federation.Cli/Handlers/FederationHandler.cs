using CertAuth.Federation.Cli.Certificates;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Metadata;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Cli.Validation;
using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

using CertAuth.Federation.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>federation</c> verbs: the federation servers (AD FS role) whose SAML tokens the token service accepts.
/// Several signing certificates may be trusted at once (key rollover).
/// </summary>
internal sealed class FederationHandler(IFederationTrustStore trusts, [FromKeyedServices(StoreRole.TokenService)] IAuditLog audit, CliConsole console, CliInvocation invocation, MetadataDocumentLoader loader)
{
    public const int MaxSigningCertificates = 8;

    public async Task<int> AddAsync(
        string? entityId, string? metadata, string? ssoUrl, IReadOnlyList<string> signingCertificatePaths, bool allowUnsolicited, string? displayName,
        CancellationToken cancellationToken)
    {
        var record = metadata is null
            ? FromOptions(entityId, ssoUrl, signingCertificatePaths)
            : await FromMetadataAsync(metadata, entityId, cancellationToken);
        record.AllowUnsolicited = allowUnsolicited;
        record.DisplayName = InputRules.Text(displayName, "--display-name", InputRules.MaxDisplayNameLength);
        record.Source = RecordSource.Administrator;
        if (await trusts.FindByEntityIdAsync(record.EntityId, cancellationToken) is not null)
        {
            throw new CliRefusedException($"the federation server '{record.EntityId}' is already trusted.");
        }

        await trusts.AddAsync(record, cancellationToken);
        await audit.WriteAsync(invocation.Actor, "federation.add", record.EntityId, $"certificates={record.SigningCertificates.Count}; unsolicited={record.AllowUnsolicited}", cancellationToken);
        console.Line($"trusting federation server {record.EntityId} (SSO {record.SingleSignOnUrl}, {record.SigningCertificates.Count} signing certificate(s))");
        return CliApplication.Ok;
    }

    public async Task<int> ListAsync(bool json, CancellationToken cancellationToken)
    {
        var all = await trusts.ListAsync(cancellationToken);
        if (json)
        {
            console.Json(all.Select(t => new { t.EntityId, t.DisplayName, t.Enabled, t.SingleSignOnUrl, SigningCertificates = t.SigningCertificates.Count, t.AllowUnsolicited, Source = t.Source.ToString() }));
            return CliApplication.Ok;
        }

        if (all.Count == 0)
        {
            console.Line("no federation servers.");
        }

        foreach (var t in all)
        {
            console.Line($"{t.EntityId}  {(t.Enabled ? "enabled" : "disabled")}  sso={t.SingleSignOnUrl}  signing-certificates={t.SigningCertificates.Count}  unsolicited={t.AllowUnsolicited}  source={t.Source}");
        }

        return CliApplication.Ok;
    }

    public async Task<int> RemoveAsync(string entityId, CancellationToken cancellationToken)
    {
        if (!await trusts.RemoveAsync(entityId, cancellationToken))
        {
            throw new CliRefusedException($"no federation server '{entityId}' is trusted.");
        }

        await audit.WriteAsync(invocation.Actor, "federation.remove", entityId, null, cancellationToken);
        console.Line($"no longer trusting {entityId}");
        return CliApplication.Ok;
    }

    private FederationTrustRecord FromOptions(string? entityId, string? ssoUrl, IReadOnlyList<string> signingCertificatePaths)
    {
        if (string.IsNullOrWhiteSpace(entityId) || entityId.Length > InputRules.MaxEntityIdLength)
        {
            throw new CliRefusedException("give the federation server's entity id, or --metadata.");
        }

        if (signingCertificatePaths.Count is 0 or > MaxSigningCertificates)
        {
            throw new CliRefusedException($"give between 1 and {MaxSigningCertificates} --signing-cert files.");
        }

        var certificates = signingCertificatePaths.Select(path =>
        {
            using var certificate = CertificateFileReader.Read(invocation.ResolveCommandLinePath(path), "--signing-cert");
            return Convert.ToBase64String(certificate.RawData);
        }).Distinct(StringComparer.Ordinal).ToList();
        return new FederationTrustRecord
        {
            EntityId = entityId.Trim(),
            SingleSignOnUrl = InputRules.SecureUrl(ssoUrl, "--sso"),
            SigningCertificates = certificates,
        };
    }

    /// <summary>Reads an IdP's metadata (IDPSSODescriptor): entity id, SSO endpoint (HTTP-Redirect preferred), signing keys.</summary>
    private async Task<FederationTrustRecord> FromMetadataAsync(string source, string? expectedEntityId, CancellationToken cancellationToken)
    {
        var xml = await loader.LoadAsync(source, invocation.Environment.CurrentDirectory, cancellationToken);
        EntityDescriptor entity;
        try
        {
            entity = new MetadataReader().Read(new SafeXmlLoader(MetadataDocumentLoader.MaxBytes).Load(xml));
        }
        catch (SamlValidationException ex)
        {
            throw new CliRefusedException($"--metadata '{source}' is not usable SAML metadata: {ex.Message}");
        }

        var idp = entity.IdpSsoDescriptor
            ?? throw new CliRefusedException($"--metadata '{source}' has no SAML 2.0 IDPSSODescriptor for '{entity.EntityId}'.");
        if (expectedEntityId is not null && !string.Equals(expectedEntityId, entity.EntityId, StringComparison.Ordinal))
        {
            throw new CliRefusedException($"the metadata describes '{entity.EntityId}', not '{expectedEntityId}'.");
        }

        var sso = idp.SingleSignOnServices.FirstOrDefault(e => e.Binding == SamlBindingUris.HttpRedirect)
            ?? throw new CliRefusedException($"--metadata '{source}' has no SingleSignOnService with the HTTP-Redirect binding.");
        if (idp.SigningCertificates.Count == 0)
        {
            throw new CliRefusedException($"--metadata '{source}' names no signing certificate.");
        }

        return new FederationTrustRecord
        {
            EntityId = entity.EntityId,
            SingleSignOnUrl = InputRules.SecureUrl(sso.Location, "SingleSignOnService"),
            SigningCertificates = [.. idp.SigningCertificates.Take(MaxSigningCertificates).Select(c => Convert.ToBase64String(c.RawData)).Distinct(StringComparer.Ordinal)],
            MetadataSource = source.Length > InputRules.MaxUrlLength ? source[..InputRules.MaxUrlLength] : source,
        };
    }
}
