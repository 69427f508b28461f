using CertAuth.Federation.Administration.Keys;
using CertAuth.Federation.Storage.KeyMaterial;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>
/// Loads the stored token-signing certificates before the listeners open, re-reads them every
/// <see cref="TokenSigningRolloverOptions.RefreshInterval"/>, and, with
/// <see cref="TokenSigningRolloverOptions.AutoCertificateRollover"/>, checks every
/// <see cref="TokenSigningRolloverOptions.RefreshInterval"/> whether the primary is within
/// <see cref="TokenSigningRolloverOptions.CertificateGenerationThreshold"/> of its expiry with no secondary yet; then it
/// generates one through <see cref="TokenSigningCertificateManager"/> (rules and audit there), promoted
/// <see cref="TokenSigningRolloverOptions.CertificatePromotionThreshold"/> later. Every node runs it; the store keeps one
/// successor per primary, so a farm generates exactly one.
/// </summary>
internal sealed class TokenSigningRolloverService(
    StoredTokenSigningCertificates certificates,
    TokenSigningCertificateManager manager,
    IDataProtectionProvider dataProtection,
    IOptions<TokenSigningRolloverOptions> options,
    TimeProvider clock,
    ILogger<TokenSigningRolloverService> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await certificates.InitializeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Every node re-reads the rows on this schedule even when idle, so that a promotion made elsewhere
                // (which takes effect twice the interval later) is known before it is due.
                if (settings.AutoCertificateRollover)
                {
                    await CheckAsync(stoppingToken);
                }
                else
                {
                    await certificates.ReloadAsync(stoppingToken);
                }

                await Task.Delay(settings.RefreshInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.TokenSigningRolloverCheckFailed(ex.GetType().Name);
                await Task.Delay(settings.RefreshInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One check: generates the secondary when it is due.</summary>
    internal async Task CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await certificates.ReloadAsync(cancellationToken);
        var set = certificates.Classify();
        var primary = set.FirstOrDefault(c => c.State == TokenSigningCertificateState.Primary);
        if (primary is null || set.Any(c => c.State == TokenSigningCertificateState.Secondary))
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (primary.Record.NotAfter - now > settings.CertificateGenerationThreshold)
        {
            return;
        }

        var result = await manager.RolloverAsync(dataProtection, settings.CertificateSubject, settings.CertificateLifetime,
            settings.CertificatePromotionThreshold, TokenSigningCertificateManager.AutoRolloverActor, cancellationToken);
        if (result.Succeeded)
        {
            logger.TokenSigningSecondaryGenerated(result.Value!.Record.Thumbprint, primary.Record.Thumbprint, result.Value.Record.PromotesAt!.Value);
        }
        else
        {
            // Another node generated it first (conflict), or a rule refused: either way the next check sees the store.
            logger.TokenSigningRolloverRefused(result.Error!.Code, result.Error.Message);
        }

        await certificates.ReloadAsync(cancellationToken);
    }
}
