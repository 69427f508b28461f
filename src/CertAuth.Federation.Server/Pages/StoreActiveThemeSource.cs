using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.Web.Themes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Pages;

/// <summary>
/// The active theme as every node of the federation server sees it (issue 13): the row
/// <see cref="IFederationSettingsStore.ActiveThemeKey"/> in the federation store, written only by ThemeManager (CLI, admin
/// API, start-up import). A node reads it at most once per <see cref="ThemeOptions.ActiveCacheLifetime"/> (default 5 s,
/// measured with <see cref="TimeProvider"/>), so a switch reaches every node within that bound. When the store cannot be
/// read, pages keep the last name read (or <c>Themes:Active</c>) and the read is retried after the same bound: a theme is
/// presentation only, so an error page must still render while the database is down.
/// </summary>
internal sealed class StoreActiveThemeSource(
    IFederationSettingsStore settings, IOptions<ThemeOptions> options, TimeProvider timeProvider, ILogger<StoreActiveThemeSource> logger) : IActiveThemeSource
{
    private readonly Lock _gate = new();
    private volatile Snapshot? _snapshot;

    public string? ActiveName
    {
        get
        {
            var lifetime = options.Value.ActiveCacheLifetime;
            var snapshot = _snapshot;
            if (snapshot is not null && timeProvider.GetUtcNow() - snapshot.ReadAt < lifetime)
            {
                return snapshot.Name;
            }

            lock (_gate)
            {
                snapshot = _snapshot;
                var now = timeProvider.GetUtcNow();
                if (snapshot is not null && now - snapshot.ReadAt < lifetime)
                {
                    return snapshot.Name;
                }

                string? name;
                try
                {
                    name = settings.Get(IFederationSettingsStore.ActiveThemeKey) is { } stored && ThemeNames.IsValid(stored) ? stored : null;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    name = snapshot?.Name;
                    logger.ActiveThemeReadFailed(ex.GetType().Name, name ?? options.Value.Active);
                }

                _snapshot = new Snapshot(name, now);
                return name;
            }
        }
    }

    private sealed record Snapshot(string? Name, DateTimeOffset ReadAt);
}
