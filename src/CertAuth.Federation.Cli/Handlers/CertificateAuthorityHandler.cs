using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Cli.Certificates;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Cli.Validation;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>ca</c> verbs: the certificate authorities trusted for certificate sign-in (the federation server's list) and
/// for the token service's refresh-time revocation check (its own list); <c>--role</c> picks the lists, default both.
/// </summary>
internal sealed class CertificateAuthorityHandler(
    RoleStores stores,
    CliConsole console,
    CliInvocation invocation,
    CertificateAuthorityInspector inspector)
{
    public async Task<int> AddAsync(CaAddRequest request, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var crl = request.Crl is null ? null : InputRules.CrlUrl(request.Crl, "--crl");
        var deltaCrl = request.DeltaCrl is null ? null : InputRules.CrlUrl(request.DeltaCrl, "--delta-crl");
        var issuer = request.Issuer is null ? null : InputRules.IssuerName(request.Issuer);
        var issuerSki = request.IssuerSki is null ? null : InputRules.SkiHex(request.IssuerSki);
        var grace = request.CrlGrace is null ? (TimeSpan?)null : InputRules.CrlGrace(request.CrlGrace);

        using var file = CertificateFileReader.Read(invocation.ResolveCommandLinePath(request.CertificatePath), "--cert");
        var inspection = inspector.Inspect(file.RawData, request.Kind, issuer, issuerSki);
        using var certificate = inspection.Certificate;
        var warnings = CaCertificatePolicy.Enforce(inspection);
        var thumbprint = inspection.Sha256Thumbprint!.ToUpperInvariant();
        var id = TrustedAuthorityRecord.IdFromThumbprint(thumbprint);
        foreach (var role in roles)
        {
            var existing = (await stores.Authorities(role).ListAsync(cancellationToken)).FirstOrDefault(a => a.Id == id || a.Thumbprint == thumbprint);
            if (existing is not null)
            {
                throw new CliRefusedException($"'{inspection.Subject}' is already trusted (id {existing.Id}, role {RoleNames.Name(role)}).");
            }
        }

        if (deltaCrl is not null && crl is null)
        {
            warnings = [.. warnings, "--delta-crl without --crl: a delta CRL is used only together with its base CRL."];
        }

        TrustedAuthorityRecord NewRecord() => new()
        {
            Id = id,
            AuthorityType = (int)request.Kind,
            Certificate = certificate!.RawData,
            Thumbprint = thumbprint,
            Subject = certificate.Subject,
            CrlDistributionPoint = crl,
            DeltaCrlDistributionPoint = deltaCrl,
            TrustedIssuer = issuer,
            TrustedIssuerSki = issuerSki,
            CrlGracePeriodSeconds = grace is { } g ? (int)g.TotalSeconds : null,
            Source = RecordSource.Administrator,
        };
        var record = NewRecord();
        foreach (var role in roles)
        {
            await stores.Authorities(role).AddAsync(NewRecord(), cancellationToken);
            await stores.Audit(role).WriteAsync(invocation.Actor, "ca.add", id, $"type={request.Kind}; subject={record.Subject}; sha256={thumbprint}", cancellationToken);
        }
        foreach (var warning in warnings)
        {
            console.Warning(warning);
        }

        if (crl is null)
        {
            console.Warning($"no --crl given: certificates issued by '{record.Subject}' cannot be checked for revocation.");
        }

        console.Line($"added {KindName(request.Kind)} CA {id}  {record.Subject}  role={Names(roles)}");
        return CliApplication.Ok;
    }

    public async Task<int> ListAsync(bool json, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var byId = new SortedDictionary<string, (TrustedAuthorityRecord Record, List<StoreRole> Roles)>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            foreach (var record in await stores.Authorities(role).ListAsync(cancellationToken))
            {
                if (!byId.TryGetValue(record.Id, out var entry))
                {
                    byId[record.Id] = entry = (record, []);
                }

                entry.Roles.Add(role);
            }
        }

        var views = byId.Values.Select(e => ToView(e.Record, e.Roles)).ToList();
        if (json)
        {
            console.Json(views);
            return CliApplication.Ok;
        }

        if (views.Count == 0)
        {
            console.Line("no trusted certificate authorities.");
        }

        foreach (var v in views)
        {
            console.Line($"{v.Id}  {v.Type}  {v.Subject}  not-after={CliConsole.Instant(v.NotAfter)}  crl={v.CrlDistributionPoint ?? "-"}  "
                + $"delta-crl={v.DeltaCrlDistributionPoint ?? "-"}  issuer={v.TrustedIssuer ?? "-"}  issuer-ski={v.TrustedIssuerSki ?? "-"}  source={v.Source}  role={string.Join(",", v.Roles)}");
        }

        return CliApplication.Ok;
    }

    public async Task<int> SetAsync(CaSetRequest request, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var found = await FindAsync(request.Id, roles, cancellationToken);
        string? details = null;
        foreach (var (role, record) in found)
        {
            details = await SetOneAsync(request, role, record, cancellationToken);
        }

        console.Line($"updated CA {found[0].Record.Id}: {details}  role={Names(found.Select(f => f.Role))}");
        return CliApplication.Ok;
    }

    private async Task<string> SetOneAsync(CaSetRequest request, StoreRole role, TrustedAuthorityRecord record, CancellationToken cancellationToken)
    {
        var changes = new List<string>();
        if (request.ClearCrl || request.Crl is not null)
        {
            record.CrlDistributionPoint = request.ClearCrl ? null : InputRules.CrlUrl(request.Crl, "--crl");
            changes.Add($"crl={record.CrlDistributionPoint ?? "(none)"}");
        }

        if (request.ClearDeltaCrl || request.DeltaCrl is not null)
        {
            record.DeltaCrlDistributionPoint = request.ClearDeltaCrl ? null : InputRules.CrlUrl(request.DeltaCrl, "--delta-crl");
            changes.Add($"delta-crl={record.DeltaCrlDistributionPoint ?? "(none)"}");
        }

        if (request.Issuer is not null)
        {
            record.TrustedIssuer = InputRules.IssuerName(request.Issuer);
            changes.Add($"issuer={record.TrustedIssuer}");
        }

        if (request.IssuerSki is not null)
        {
            record.TrustedIssuerSki = InputRules.SkiHex(request.IssuerSki);
            changes.Add($"issuer-ski={record.TrustedIssuerSki}");
        }

        if (request.ClearCrlGrace || request.CrlGrace is not null)
        {
            record.CrlGracePeriodSeconds = request.ClearCrlGrace ? null : (int)InputRules.CrlGrace(request.CrlGrace!).TotalSeconds;
            changes.Add($"crl-grace-seconds={record.CrlGracePeriodSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}");
        }

        if (changes.Count == 0)
        {
            throw new CliRefusedException("nothing to change; give at least one option (see 'certauth ca set --help').");
        }

        if (request.Issuer is not null || request.IssuerSki is not null)
        {
            var inspection = inspector.Inspect(record.Certificate, (CertificateAuthorityType)record.AuthorityType, record.TrustedIssuer, record.TrustedIssuerSki);
            inspection.Certificate?.Dispose();
            if (inspection.Errors.FirstOrDefault(e => e.Code == CertificateAuthorityIssueCode.TrustedIssuerMismatch) is { } mismatch)
            {
                throw new CliRefusedException(mismatch.Message);
            }
        }

        if (!await stores.Authorities(role).UpdateAsync(record, cancellationToken))
        {
            throw new CliRefusedException($"no trusted CA with id '{record.Id}'.");
        }

        var details = string.Join("; ", changes);
        await stores.Audit(role).WriteAsync(invocation.Actor, "ca.set", record.Id, details, cancellationToken);
        WarnIfSeeded(record);
        return details;
    }

    public async Task<int> RemoveAsync(string id, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var found = await FindAsync(id, roles, cancellationToken);
        foreach (var (role, record) in found)
        {
            if (!await stores.Authorities(role).RemoveAsync(record.Id, cancellationToken))
            {
                throw new CliRefusedException($"no trusted CA with id '{record.Id}'.");
            }

            await stores.Audit(role).WriteAsync(invocation.Actor, "ca.remove", record.Id, $"subject={record.Subject}; sha256={record.Thumbprint}", cancellationToken);
            WarnIfSeeded(record);
        }

        console.Line($"removed CA {found[0].Record.Id}  {found[0].Record.Subject}  role={Names(found.Select(f => f.Role))}");
        return CliApplication.Ok;
    }

    /// <summary>The CA in each of <paramref name="roles"/> that has it; refused when none has.</summary>
    private async Task<IReadOnlyList<(StoreRole Role, TrustedAuthorityRecord Record)>> FindAsync(string id, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var key = id.Trim().ToUpperInvariant();
        var found = new List<(StoreRole, TrustedAuthorityRecord)>();
        foreach (var role in roles)
        {
            if (await stores.Authorities(role).FindAsync(key, cancellationToken) is { } record)
            {
                found.Add((role, record));
            }
        }

        return found.Count > 0 ? found : throw new CliRefusedException($"no trusted CA with id '{key}' (see 'certauth ca list').");
    }

    private static string Names(IEnumerable<StoreRole> roles) => string.Join(",", roles.Select(RoleNames.Name));

    private void WarnIfSeeded(TrustedAuthorityRecord record)
    {
        if (record.Source == RecordSource.Configuration)
        {
            console.Warning($"CA {record.Id} came from appsettings.json (Federation:TrustedCertificateAuthorities); change it there too, or the server may seed it again.");
        }
    }

    private static string KindName(CertificateAuthorityType kind) =>
        kind == CertificateAuthorityType.RootAuthority ? "root" : "intermediate";

    private static CertificateAuthorityView ToView(TrustedAuthorityRecord record, IReadOnlyList<StoreRole> roles)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(record.Certificate);
        return new CertificateAuthorityView(
            record.Id,
            KindName((CertificateAuthorityType)record.AuthorityType),
            record.Subject,
            record.Thumbprint,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
            record.CrlDistributionPoint,
            record.DeltaCrlDistributionPoint,
            record.TrustedIssuer,
            record.TrustedIssuerSki,
            certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifier?.ToUpperInvariant(),
            record.CrlGracePeriodSeconds,
            record.Source.ToString(),
            [.. roles.Select(RoleNames.Name)]);
    }
}
