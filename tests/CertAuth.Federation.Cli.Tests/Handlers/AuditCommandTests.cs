using System.Text.Json;
using CertAuth.Federation.Cli.Tests.Infrastructure;

namespace CertAuth.Federation.Cli.Tests.Handlers;

public sealed class AuditCommandTests : IDisposable
{
    private readonly CliTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task List_ShowsNewestFirst_AndHonoursTake()
    {
        await _host.RunAsync("user", "add", "a@contoso.com");
        await _host.RunAsync("user", "add", "b@contoso.com");
        await _host.RunAsync("user", "disable", "a@contoso.com");

        var result = await _host.RunAsync("audit", "list", "--take", "2", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var entries = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("user.disable", entries[0].GetProperty("action").GetString());
        Assert.Equal("b@contoso.com", entries[1].GetProperty("target").GetString());
        Assert.Equal("tester@testhost", entries[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task List_Text_OneLinePerEntry()
    {
        await _host.RunAsync("user", "add", "a@contoso.com");

        var result = await _host.RunAsync("audit", "list");

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("user.add", line, StringComparison.Ordinal);
        Assert.StartsWith("2030-01-15T09:30:00Z", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_TakeOutOfRange_IsRefused()
    {
        var result = await _host.RunAsync("audit", "list", "--take", "0");

        Assert.Equal(1, result.ExitCode);
    }
}
