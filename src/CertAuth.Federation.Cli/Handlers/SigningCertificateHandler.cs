using CertAuth.Federation.Administration;
using CertAuth.Federation.Administration.Keys;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.DataProtection;
using CertAuth.Federation.Storage.KeyMaterial;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>signing-cert</c> verbs over <see cref="TokenSigningCertificateManager"/>. Private keys are protected with the
/// federation server's data protection, configured exactly as its nodes do (<c>Federation:DataProtection:*</c>).
/// The nodes use the stored certificates when <c>Federation:TokenSigning</c> enables them and pick a change up within
/// <c>Federation:TokenSigning:RefreshInterval</c>.
/// </summary>
internal sealed class SigningCertificateHandler(TokenSigningCertificateManager manager, TimeProvider clock, CliConsole console, CliInvocation invocation)
{
    public async Task<int> ListAsync(bool json, CancellationToken cancellationToken)
    {
        var certificates = (await manager.ListAsync(Options().RetiredKeepPeriod, cancellationToken)).Unwrap();
        var views = certificates.Select(c => new
        {
            c.Record.Thumbprint,
            State = c.State.ToString().ToLowerInvariant(),
            c.Record.Subject,
            c.Record.NotBefore,
            c.Record.NotAfter,
            c.Record.PromotesAt,
            c.RetiredAt,
            c.Record.CreatedBy,
        }).ToList();
        if (json)
        {
            console.Json(views);
            return CliApplication.Ok;
        }

        if (views.Count == 0)
        {
            console.Line("federation: no stored token-signing certificates (the nodes sign with Federation:SigningCertificate).");
        }

        foreach (var v in views)
        {
            console.Line($"{v.State,-9} {v.Thumbprint} {v.Subject} valid {v.NotBefore:O}..{v.NotAfter:O} promotes {(v.PromotesAt is { } at ? at.ToString("O") : "on promote")}");
        }

        if (!Options().UsesStore)
        {
            console.Line("note: Federation:TokenSigning:StoredCertificates and AutoCertificateRollover are both off here; nodes configured alike sign with Federation:SigningCertificate.");
        }

        return CliApplication.Ok;
    }

    public async Task<int> AddAsync(string pfxPath, string? password, TimeSpan? promoteIn, CancellationToken cancellationToken)
    {
        byte[] pfx;
        try
        {
            var info = new FileInfo(invocation.Settings.ResolvePath(pfxPath));
            if (!info.Exists)
            {
                throw new CliRefusedException($"--pfx: file '{pfxPath}' not found.", AdminCodes.SigningCertificateUnusable);
            }

            if (info.Length > TokenSigningCertificateManager.MaxPfxBytes)
            {
                throw new CliRefusedException($"--pfx: file '{pfxPath}' is larger than {TokenSigningCertificateManager.MaxPfxBytes} bytes.", AdminCodes.SigningCertificateUnusable);
            }

            pfx = await File.ReadAllBytesAsync(info.FullName, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliRefusedException($"--pfx: cannot read '{pfxPath}': {ex.Message}", AdminCodes.SigningCertificateUnusable);
        }

        await using var provider = DataProtectionServices();
        var added = (await manager.AddAsync(provider.GetRequiredService<IDataProtectionProvider>(), pfx, password, promoteIn, invocation.Actor, cancellationToken)).Unwrap();
        Describe(added);
        return CliApplication.Ok;
    }

    public async Task<int> RolloverAsync(TimeSpan? promoteIn, CancellationToken cancellationToken)
    {
        var options = Options();
        await using var provider = DataProtectionServices();
        var added = (await manager.RolloverAsync(provider.GetRequiredService<IDataProtectionProvider>(), options.CertificateSubject, options.CertificateLifetime,
            promoteIn ?? options.CertificatePromotionThreshold, invocation.Actor, cancellationToken)).Unwrap();
        Describe(added);
        return CliApplication.Ok;
    }

    public async Task<int> PromoteAsync(string thumbprint, TimeSpan? promoteIn, CancellationToken cancellationToken)
    {
        var promoted = (await manager.PromoteAsync(thumbprint, promoteIn ?? 2 * Options().RefreshInterval, invocation.Actor, cancellationToken)).Unwrap();
        console.Line($"federation: token-signing certificate {promoted.Record.Thumbprint} becomes primary at {promoted.Record.PromotesAt:O}; the current primary is then retired.");
        return CliApplication.Ok;
    }

    private void Describe(ClassifiedTokenSigningCertificate added)
    {
        var record = added.Record;
        console.Line(added.State == TokenSigningCertificateState.Primary
            ? $"federation: token-signing certificate {record.Thumbprint} ({record.Subject}) added as the primary."
            : $"federation: token-signing certificate {record.Thumbprint} ({record.Subject}) added as the secondary (published now); becomes primary {(record.PromotesAt is { } at ? "at " + at.ToString("O") : "on 'signing-cert promote'")}.");
    }

    private TokenSigningRolloverOptions Options()
    {
        var options = new TokenSigningRolloverOptions();
        invocation.Settings.Configuration.GetSection(TokenSigningRolloverOptions.SectionName).Bind(options);
        return options;
    }

    /// <summary>The federation server's own data protection, exactly as its nodes configure it (same application name, key ring, certificate).</summary>
    private ServiceProvider DataProtectionServices()
    {
        var configuration = invocation.Settings.Configuration;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddFederationStorage(configuration, invocation.Settings.ConfigDirectory);
        services.AddRoleDataProtection<FederationDbContext>(
            configuration.GetSection("Federation:DataProtection"), invocation.Settings.ConfigDirectory, StoreRole.Federation, configuration["Federation:DataProtectionKeysPath"]);
        return services.BuildServiceProvider();
    }
}
