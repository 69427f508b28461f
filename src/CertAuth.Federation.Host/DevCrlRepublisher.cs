using CertAuth.Federation.Pki;

namespace CertAuth.Federation.Host;

/// <summary>Like a real CA, republishes the development CRLs before they go stale (checked every minute).</summary>
internal sealed class DevCrlRepublisher(string directory, TimeProvider timeProvider) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (DevPki.CrlsNeedRepublishing(directory, timeProvider))
            {
                DevPki.RepublishCrls(directory, timeProvider);
            }
        }
    }
}
