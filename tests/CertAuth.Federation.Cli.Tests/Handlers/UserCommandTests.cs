using System.Text.Json;
using CertAuth.Federation.Cli.Tests.Infrastructure;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Tests.Handlers;

public sealed class UserCommandTests : IDisposable
{
    private readonly CliTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Add_ThenList_ShowsUserLowerCased()
    {
        var add = await _host.RunAsync("user", "add", "Alice@Contoso.com", "--email", "alice@contoso.com", "--display-name", "Alice Anders", "--immutable-id", "alice-1");
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("alice@contoso.com", add.Output, StringComparison.Ordinal);

        var list = await _host.RunAsync("user", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        using var json = JsonDocument.Parse(list.Output);
        var user = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("alice@contoso.com", user.GetProperty("upn").GetString());
        Assert.Equal("Alice Anders", user.GetProperty("displayName").GetString());
        Assert.Equal("alice-1", user.GetProperty("immutableId").GetString());
        Assert.True(user.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Add_WithoutImmutableId_GeneratesGuid()
    {
        Assert.Equal(0, (await _host.RunAsync("user", "add", "bob@contoso.com")).ExitCode);

        using var storage = _host.OpenStorage();
        var user = await storage.GetRequiredService<IUserStore>().FindByUpnAsync("bob@contoso.com");
        Assert.NotNull(user);
        Assert.True(Guid.TryParse(user.ImmutableId, out _));
    }

    [Fact]
    public async Task Add_Duplicate_IsRefused()
    {
        await _host.RunAsync("user", "add", "alice@contoso.com");

        var again = await _host.RunAsync("user", "add", "ALICE@contoso.com");

        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("error: ", again.Error, StringComparison.Ordinal);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("alice@")]
    [InlineData("@contoso.com")]
    [InlineData("a@b@contoso.com")]
    [InlineData("al ice@contoso.com")]
    [InlineData("alice@-contoso.com")]
    public async Task Add_InvalidUpn_IsRefused(string upn)
    {
        var result = await _host.RunAsync("user", "add", upn);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Add_InvalidEmail_IsRefused()
    {
        var result = await _host.RunAsync("user", "add", "alice@contoso.com", "--email", "not-an-address");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--email", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisableThenEnable_ChangesStateAndAudits()
    {
        await _host.RunAsync("user", "add", "carol@contoso.com");

        Assert.Equal(0, (await _host.RunAsync("user", "disable", "carol@contoso.com")).ExitCode);
        using (var storage = _host.OpenStorage())
        {
            Assert.False((await storage.GetRequiredService<IUserStore>().FindByUpnAsync("carol@contoso.com"))!.Enabled);
        }

        Assert.Equal(0, (await _host.RunAsync("--actor", "ops@example", "user", "enable", "carol@contoso.com")).ExitCode);
        using (var storage = _host.OpenStorage())
        {
            Assert.True((await storage.GetRequiredService<IUserStore>().FindByUpnAsync("carol@contoso.com"))!.Enabled);
            var entries = await storage.GetRequiredService<IAuditLog>().ListAsync();
            Assert.Equal(["user.enable", "user.disable", "user.add"], entries.Select(e => e.Action));
            Assert.Equal("ops@example", entries[0].Actor);
            Assert.Equal("tester@testhost", entries[1].Actor);
            Assert.All(entries, e => Assert.Equal("carol@contoso.com", e.Target));
        }
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("enable")]
    [InlineData("revoke-sessions")]
    public async Task Verb_UnknownUser_IsRefused(string verb)
    {
        var result = await _host.RunAsync("user", verb, "nobody@contoso.com");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no user", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeSessions_PrintsAndStoresTheInstant()
    {
        await _host.RunAsync("user", "add", "dave@contoso.com");
        _host.Time.Advance(TimeSpan.FromMinutes(42));
        var expected = CliTestHost.Start.AddMinutes(42);

        var result = await _host.RunAsync("user", "revoke-sessions", "dave@contoso.com");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("2030-01-15T10:12:00Z", result.Output.Split('\n')[0].Trim());
        Assert.Contains("0 token-service user(s)", result.Output, StringComparison.Ordinal);
        using var storage = _host.OpenStorage();
        var user = await storage.GetRequiredService<IUserStore>().FindByUpnAsync("dave@contoso.com");
        Assert.Equal(expected, user!.StsRefreshTokensValidFrom);
        var entry = (await storage.GetRequiredService<IAuditLog>().ListAsync(1)).Single();
        Assert.Equal("user.revoke-sessions", entry.Action);
        Assert.Equal("dave@contoso.com", entry.Target);
        Assert.Equal(expected, entry.Timestamp);
        Assert.Contains("2030-01-15T10:12:00Z", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeSessions_StampsEveryTokenServiceUserWithTheUpn_AcrossTrusts_AndSaysHowMany()
    {
        await SeedTokenServiceUsersAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(42));
        var expected = CliTestHost.Start.AddMinutes(42);

        var result = await _host.RunAsync("user", "revoke-sessions", "Erin@Contoso.com");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("sessions revoked for 2 token-service user(s)", result.Output, StringComparison.Ordinal);
        using var storage = _host.OpenStorage();
        var users = await storage.GetRequiredService<ITokenServiceUserStore>().ListByUpnAsync("erin@contoso.com");
        Assert.Equal(2, users.Count);
        Assert.All(users, u => Assert.Equal(expected, u.StsRefreshTokensValidFrom));
        var other = Assert.Single(await storage.GetRequiredService<ITokenServiceUserStore>().ListByUpnAsync("frank@contoso.com"));
        Assert.Null(other.StsRefreshTokensValidFrom);
        var entry = (await storage.GetRequiredService<IAuditLog>().ListAsync(1)).Single();
        Assert.Contains("tokenServiceUsers=2", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeSessions_WithTrust_StampsOnlyThatTrustsUser()
    {
        await SeedTokenServiceUsersAsync();

        var result = await _host.RunAsync("user", "revoke-sessions", "erin@contoso.com", "--trust", "https://b.test/trust");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("sessions revoked for 1 token-service user(s)", result.Output, StringComparison.Ordinal);
        using var storage = _host.OpenStorage();
        var users = await storage.GetRequiredService<ITokenServiceUserStore>().ListByUpnAsync("erin@contoso.com");
        Assert.NotNull(users.Single(u => u.FederationIssuer == "https://b.test/trust").StsRefreshTokensValidFrom);
        Assert.Null(users.Single(u => u.FederationIssuer == "https://a.test/trust").StsRefreshTokensValidFrom);

        var unknown = await _host.RunAsync("user", "revoke-sessions", "erin@contoso.com", "--trust", "https://nobody.test/trust");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no token-service user", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disable_DisablesEveryTokenServiceUserWithTheUpn()
    {
        await SeedTokenServiceUsersAsync();

        var result = await _host.RunAsync("user", "disable", "erin@contoso.com");

        Assert.Equal(0, result.ExitCode);
        using var storage = _host.OpenStorage();
        Assert.All(await storage.GetRequiredService<ITokenServiceUserStore>().ListByUpnAsync("erin@contoso.com"), u => Assert.False(u.Enabled));
        Assert.True(Assert.Single(await storage.GetRequiredService<ITokenServiceUserStore>().ListByUpnAsync("frank@contoso.com")).Enabled);
    }

    private async Task SeedTokenServiceUsersAsync()
    {
        using var storage = _host.OpenStorage();
        await storage.GetRequiredService<Storage.StorageInitializer>().InitializeAsync();
        var store = storage.GetRequiredService<ITokenServiceUserStore>();
        await store.ProvisionAsync(new() { FederationIssuer = "https://a.test/trust", Subject = "immutableid:erin", ObjectId = string.Empty, Upn = "erin@contoso.com" });
        await store.ProvisionAsync(new() { FederationIssuer = "https://b.test/trust", Subject = "nameid:erin@contoso.com", ObjectId = string.Empty, Upn = "erin@contoso.com" });
        await store.ProvisionAsync(new() { FederationIssuer = "https://a.test/trust", Subject = "immutableid:frank", ObjectId = string.Empty, Upn = "frank@contoso.com" });
    }
}
