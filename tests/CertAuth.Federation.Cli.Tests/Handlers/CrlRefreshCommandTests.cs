using CertAuth.Federation.Cli.Tests.Infrastructure;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Tests.Handlers;

public sealed class CrlRefreshCommandTests : IDisposable
{
    private readonly CliTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task CrlRefresh_ForOneCa_RecordsTheRequestAndAudits()
    {
        using (var storage = _host.OpenStorage())
        {
            await storage.GetRequiredService<Storage.StorageInitializer>().InitializeAsync();
            await storage.GetRequiredService<ITrustedAuthorityStore>().AddAsync(
                new TrustedAuthorityRecord { Id = "0123456789ABCDEF", Certificate = [1], Thumbprint = "T", Subject = "CN=CA" });
        }

        var result = await _host.RunAsync("ca", "crl-refresh", "0123456789abcdef");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var after = _host.OpenStorage();
        var requests = await after.GetRequiredService<ICrlRefreshRequestStore>().ListAsync();
        Assert.Contains(requests, r => r.AuthorityId == "0123456789ABCDEF" && r.RequestedAt == _host.Time.GetUtcNow());
        Assert.Contains(await after.GetRequiredService<IAuditLog>().ListAsync(), e => e.Action == "ca.crl-refresh" && e.Target == "0123456789ABCDEF");
    }

    [Fact]
    public async Task CrlRefresh_ForAnUnknownCa_IsRefused()
    {
        var result = await _host.RunAsync("ca", "crl-refresh", "FFFFFFFFFFFFFFFF");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no trusted CA", result.Error, StringComparison.Ordinal);
    }
}
