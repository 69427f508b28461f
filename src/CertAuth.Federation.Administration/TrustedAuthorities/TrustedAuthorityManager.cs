using CertAuth.Federation.Administration.Certificates;
using CertAuth.Federation.Administration.Validation;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Administration.TrustedAuthorities;

/// <summary>
/// The trusted certificate authorities of each role (the federation server's sign-in list and the token service's
/// refresh-time revocation list): add, list, set, remove, CRL status and refresh-now requests. Every rule and every
/// audit entry of these changes is here; the CLI, the admin API and the seeders call it.
/// </summary>
public sealed class TrustedAuthorityManager(IAdminRoleStores stores, CertificateAuthorityInspector inspector, AdministrationOptions options)
{
    /// <summary>Adds the CA to each of <paramref name="roles"/>; refused when one already has it (or, with <paramref name="skipExisting"/>, skips those).</summary>
    public Task<AdminResult<TrustedAuthorityEntry>> AddAsync(
        TrustedAuthorityAddRequest request, IReadOnlyList<StoreRole> roles, string actor, CancellationToken cancellationToken,
        RecordSource source = RecordSource.Administrator, bool skipExisting = false) =>
        AdminOperation.RunAsync(async warnings =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var kind = request.Kind ?? throw new AdminRefusal(AdminCodes.Required, "the CA type must be RootAuthority or IntermediateAuthority.");
            var crl = request.Crl is null ? null : InputRules.CrlUrl(request.Crl, "--crl");
            var deltaCrl = request.DeltaCrl is null ? null : InputRules.CrlUrl(request.DeltaCrl, "--delta-crl");
            var issuer = request.Issuer is null ? null : InputRules.IssuerName(request.Issuer);
            var issuerSki = request.IssuerSki is null ? null : InputRules.SkiHex(request.IssuerSki);
            var grace = request.CrlGrace is null ? (TimeSpan?)null : InputRules.CrlGrace(request.CrlGrace);

            using var file = CertificateDecoder.Decode(request.Certificate, request.CertificateSource);
            if (skipExisting && await AllHaveAsync(file, roles, cancellationToken) is { } stored)
            {
                // Seeding: a CA every role already has is left as it is, even if it would no longer be accepted.
                return new TrustedAuthorityEntry(stored, []);
            }

            var inspection = inspector.Inspect(file.RawData, kind, issuer, issuerSki);
            using var certificate = inspection.Certificate;
            var allowSha1 = roles.All(options.AllowSha1Roles.Contains);
            warnings.AddRange(CaCertificatePolicy.Enforce(inspection, allowSha1));
            var thumbprint = inspection.Sha256Thumbprint!.ToUpperInvariant();
            var id = TrustedAuthorityRecord.IdFromThumbprint(thumbprint);
            var targets = new List<StoreRole>();
            foreach (var role in roles)
            {
                var existing = (await stores.Authorities(role).ListAsync(cancellationToken)).FirstOrDefault(a => a.Id == id || a.Thumbprint == thumbprint);
                if (existing is null)
                {
                    targets.Add(role);
                }
                else if (!skipExisting)
                {
                    throw new AdminRefusal(AdminCodes.Duplicate, $"'{inspection.Subject}' is already trusted (id {existing.Id}, role {AdminRoles.Name(role)}).");
                }
            }

            if (deltaCrl is not null && crl is null)
            {
                warnings.Add("--delta-crl without --crl: a delta CRL is used only together with its base CRL.");
            }

            TrustedAuthorityRecord NewRecord() => new()
            {
                Id = id,
                AuthorityType = (int)kind,
                Certificate = certificate!.RawData,
                Thumbprint = thumbprint,
                Subject = certificate.Subject,
                CrlDistributionPoint = crl,
                DeltaCrlDistributionPoint = deltaCrl,
                TrustedIssuer = issuer,
                TrustedIssuerSki = issuerSki,
                CrlGracePeriodSeconds = grace is { } g ? (int)g.TotalSeconds : null,
                Source = source,
            };
            var record = NewRecord();
            foreach (var role in targets)
            {
                await stores.Authorities(role).AddAsync(NewRecord(), cancellationToken);
                await stores.Audit(role).WriteAsync(actor, "ca.add", id, $"type={kind}; subject={record.Subject}; sha256={thumbprint}", cancellationToken);
            }

            if (crl is null)
            {
                warnings.Add($"no --crl given: certificates issued by '{record.Subject}' cannot be checked for revocation.");
            }

            return new TrustedAuthorityEntry(record, targets);
        });

    /// <summary>Every CA of <paramref name="roles"/>, ordered by id, with the roles that hold it.</summary>
    public Task<AdminResult<IReadOnlyList<TrustedAuthorityEntry>>> ListAsync(IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync<IReadOnlyList<TrustedAuthorityEntry>>(async _ =>
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

            return [.. byId.Values.Select(e => new TrustedAuthorityEntry(e.Record, e.Roles))];
        });

    /// <summary>Changes the CA in each of <paramref name="roles"/> that has it.</summary>
    public Task<AdminResult<TrustedAuthorityChange>> SetAsync(TrustedAuthoritySetRequest request, IReadOnlyList<StoreRole> roles, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async warnings =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var found = await FindAsync(request.Id, roles, cancellationToken);
            string? details = null;
            foreach (var (role, record) in found)
            {
                details = await SetOneAsync(request, role, record, actor, warnings, cancellationToken);
            }

            return new TrustedAuthorityChange(found[0].Record, details!, [.. found.Select(f => f.Role)]);
        });

    /// <summary>Removes the CA from each of <paramref name="roles"/> that has it.</summary>
    public Task<AdminResult<TrustedAuthorityEntry>> RemoveAsync(string id, IReadOnlyList<StoreRole> roles, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async warnings =>
        {
            var found = await FindAsync(id, roles, cancellationToken);
            foreach (var (role, record) in found)
            {
                if (!await stores.Authorities(role).RemoveAsync(record.Id, cancellationToken))
                {
                    throw new AdminRefusal(AdminCodes.NotFound, $"no trusted CA with id '{record.Id}'.");
                }

                await stores.Audit(role).WriteAsync(actor, "ca.remove", record.Id, $"subject={record.Subject}; sha256={record.Thumbprint}", cancellationToken);
                WarnIfSeeded(record, warnings);
            }

            return new TrustedAuthorityEntry(found[0].Record, [.. found.Select(f => f.Role)]);
        });

    /// <summary>What each role last saw of each CA's CRLs (base, and delta when configured or seen).</summary>
    public Task<AdminResult<IReadOnlyList<CrlStatusEntry>>> CrlStatusAsync(string? id, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync<IReadOnlyList<CrlStatusEntry>>(async _ =>
        {
            var entries = new List<CrlStatusEntry>();
            var key = id?.Trim().ToUpperInvariant();
            foreach (var role in roles)
            {
                IReadOnlyList<TrustedAuthorityRecord> selected = key is null
                    ? await stores.Authorities(role).ListAsync(cancellationToken)
                    : await stores.Authorities(role).FindAsync(key, cancellationToken) is { } one ? [one] : [];
                var states = (await stores.CrlStates(role).ListAsync(cancellationToken)).ToDictionary(s => s.Key, StringComparer.Ordinal);
                foreach (var authority in selected)
                {
                    entries.Add(new CrlStatusEntry(authority.Id, "base", authority.CrlDistributionPoint, states.GetValueOrDefault(authority.Id), role));
                    var deltaState = states.GetValueOrDefault($"{authority.Id}:delta");
                    if (authority.DeltaCrlDistributionPoint is not null || deltaState is not null)
                    {
                        entries.Add(new CrlStatusEntry(authority.Id, "delta", authority.DeltaCrlDistributionPoint, deltaState, role));
                    }
                }
            }

            if (key is not null && entries.Count == 0)
            {
                throw new AdminRefusal(AdminCodes.NotFound, $"no trusted CA with id '{key}' (see 'certauth ca list').");
            }

            return entries;
        });

    /// <summary>Asks each role that has the CA (every CA when <paramref name="id"/> is null) to download its CRLs now.</summary>
    public Task<AdminResult<CrlRefreshRequested>> RequestCrlRefreshAsync(string? id, IReadOnlyList<StoreRole> roles, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            var target = id is null ? "*" : id.Trim().ToUpperInvariant();
            var chosen = new List<StoreRole>();
            foreach (var role in roles)
            {
                if (id is null || await stores.Authorities(role).FindAsync(target, cancellationToken) is not null)
                {
                    chosen.Add(role);
                }
            }

            if (chosen.Count == 0)
            {
                throw new AdminRefusal(AdminCodes.NotFound, $"no trusted CA with id '{target}' (see 'certauth ca list').");
            }

            var requestedAt = default(DateTimeOffset);
            foreach (var role in chosen)
            {
                var requests = stores.CrlRefreshRequests(role);
                requestedAt = id is null
                    ? await requests.RequestAllAsync(actor, cancellationToken)
                    : await requests.RequestAsync(target, actor, cancellationToken);
                await stores.Audit(role).WriteAsync(actor, "ca.crl-refresh", target, null, cancellationToken);
            }

            return new CrlRefreshRequested(target, requestedAt, chosen);
        });

    private async Task<TrustedAuthorityRecord?> AllHaveAsync(
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var id = TrustedAuthorityRecord.IdFromThumbprint(certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToUpperInvariant());
        TrustedAuthorityRecord? stored = null;
        foreach (var role in roles)
        {
            stored = await stores.Authorities(role).FindAsync(id, cancellationToken);
            if (stored is null)
            {
                return null;
            }
        }

        return stored;
    }

    private async Task<string> SetOneAsync(
        TrustedAuthoritySetRequest request, StoreRole role, TrustedAuthorityRecord record, string actor, List<string> warnings, CancellationToken cancellationToken)
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
            throw new AdminRefusal(AdminCodes.NothingToChange, "nothing to change; give at least one option (see 'certauth ca set --help').");
        }

        if (request.Issuer is not null || request.IssuerSki is not null)
        {
            var inspection = inspector.Inspect(record.Certificate, (CertificateAuthorityType)record.AuthorityType, record.TrustedIssuer, record.TrustedIssuerSki);
            inspection.Certificate?.Dispose();
            if (inspection.Errors.FirstOrDefault(e => e.Code == CertificateAuthorityIssueCode.TrustedIssuerMismatch) is { } mismatch)
            {
                throw new AdminRefusal(AdminCodes.TrustedIssuerMismatch, mismatch.Message);
            }
        }

        if (!await stores.Authorities(role).UpdateAsync(record, cancellationToken))
        {
            throw new AdminRefusal(AdminCodes.NotFound, $"no trusted CA with id '{record.Id}'.");
        }

        var details = string.Join("; ", changes);
        await stores.Audit(role).WriteAsync(actor, "ca.set", record.Id, details, cancellationToken);
        WarnIfSeeded(record, warnings);
        return details;
    }

    /// <summary>The CA in each of <paramref name="roles"/> that has it; refused when none has.</summary>
    private async Task<IReadOnlyList<(StoreRole Role, TrustedAuthorityRecord Record)>> FindAsync(string id, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var key = (id ?? string.Empty).Trim().ToUpperInvariant();
        if (key.Length is 0 or > 128)
        {
            throw new AdminRefusal(AdminCodes.NotFound, $"no trusted CA with id '{key}' (see 'certauth ca list').");
        }

        var found = new List<(StoreRole, TrustedAuthorityRecord)>();
        foreach (var role in roles)
        {
            if (await stores.Authorities(role).FindAsync(key, cancellationToken) is { } record)
            {
                found.Add((role, record));
            }
        }

        return found.Count > 0 ? found : throw new AdminRefusal(AdminCodes.NotFound, $"no trusted CA with id '{key}' (see 'certauth ca list').");
    }

    private void WarnIfSeeded(TrustedAuthorityRecord record, List<string> warnings)
    {
        if (record.Source == RecordSource.Configuration)
        {
            warnings.Add($"CA {record.Id} came from appsettings.json ({options.FederationAuthoritiesSection}); change it there too, or the server may seed it again.");
        }
    }
}
