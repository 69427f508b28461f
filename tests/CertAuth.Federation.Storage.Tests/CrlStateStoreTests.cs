using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage.Revocation;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Storage.Tests;

/// <summary>
/// Issue 11: the persisted CRL bookkeeping a restarted process (or the other role) starts from is never lowered — neither
/// the CRL number nor, for CRLs without one, the last accepted thisUpdate.
/// </summary>
public sealed class CrlStateStoreTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-crlstate-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero)));
        services.AddFederationStorage(new StorageOptions { ConnectionString = "Data Source=certauth.db" }, _folder);
        _services = services.BuildServiceProvider();
        await _services.GetRequiredService<StorageInitializer>().InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ThisUpdateAndCrlNumbers_AreNeverLowered_ByAnotherProcessWithAnOlderView()
    {
        var newer = new DateTimeOffset(2026, 11, 1, 7, 0, 0, TimeSpan.Zero);
        var first = new StoreCrlStateStore(_services.GetRequiredService<ICrlStateRepository>());
        var second = new StoreCrlStateStore(_services.GetRequiredService<ICrlStateRepository>());
        await first.SetAsync("issuing-ca", new CrlState { LastCrlNumber = 5, LastDeltaCrlNumber = 6, ThisUpdate = newer }, default);

        await second.SetAsync("issuing-ca", new CrlState { LastCrlNumber = 3, LastDeltaCrlNumber = 4, ThisUpdate = newer.AddHours(-6) }, default);
        var state = await first.GetAsync("issuing-ca", default);

        Assert.Equal(5, (int)state!.LastCrlNumber!.Value);
        Assert.Equal(6, (int)state.LastDeltaCrlNumber!.Value);
        Assert.Equal(newer, state.ThisUpdate);
    }
}
