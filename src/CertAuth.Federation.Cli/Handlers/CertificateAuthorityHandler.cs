using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Administration;
using CertAuth.Federation.Administration.TrustedAuthorities;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Cli.Certificates;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>ca</c> verbs: the certificate authorities trusted for certificate sign-in (the federation server's list) and
/// for the token service's refresh-time revocation check (its own list); <c>--role</c> picks the lists, default both.
/// Reads the certificate file and prints; the rules and the audit are <see cref="TrustedAuthorityManager"/>'s.
/// </summary>
internal sealed class CertificateAuthorityHandler(TrustedAuthorityManager manager, CliConsole console, CliInvocation invocation)
{
    public async Task<int> AddAsync(CaAddRequest request, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var bytes = CertificateFileReader.ReadBytes(invocation.ResolveCommandLinePath(request.CertificatePath), "--cert", out var source);
        var result = await manager.AddAsync(
            new TrustedAuthorityAddRequest(bytes, source, request.Kind, request.Crl, request.DeltaCrl, request.Issuer, request.IssuerSki, request.CrlGrace),
            roles, invocation.Actor, cancellationToken);
        var added = result.Unwrap();
        foreach (var warning in result.Warnings)
        {
            console.Warning(warning);
        }

        console.Line($"added {KindName(request.Kind)} CA {added.Record.Id}  {added.Record.Subject}  role={AdminRoles.Names(roles)}");
        return CliApplication.Ok;
    }

    public async Task<int> ListAsync(bool json, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var views = (await manager.ListAsync(roles, cancellationToken)).Unwrap().Select(e => ToView(e.Record, e.Roles)).ToList();
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
        var result = await manager.SetAsync(
            new TrustedAuthoritySetRequest(
                request.Id, request.Crl, request.ClearCrl, request.DeltaCrl, request.ClearDeltaCrl, request.Issuer, request.IssuerSki, request.CrlGrace, request.ClearCrlGrace),
            roles, invocation.Actor, cancellationToken);
        var change = result.Unwrap();
        foreach (var warning in result.Warnings)
        {
            console.Warning(warning);
        }

        console.Line($"updated CA {change.Record.Id}: {change.Details}  role={AdminRoles.Names(change.Roles)}");
        return CliApplication.Ok;
    }

    public async Task<int> RemoveAsync(string id, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var result = await manager.RemoveAsync(id, roles, invocation.Actor, cancellationToken);
        var removed = result.Unwrap();
        foreach (var warning in result.Warnings)
        {
            console.Warning(warning);
        }

        console.Line($"removed CA {removed.Record.Id}  {removed.Record.Subject}  role={AdminRoles.Names(removed.Roles)}");
        return CliApplication.Ok;
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
