using CertAuth.Federation.Cli.Tests.Infrastructure;

namespace CertAuth.Federation.Cli.Tests.Handlers;

/// <summary>
/// <c>certauth db migrate [--role]</c> (issue 12): with Storage:MigrateAtStartup false, other commands refuse a store
/// with pending migrations; db migrate applies them per role, and a second run reports the store up to date.
/// </summary>
public sealed class DatabaseCommandTests : IDisposable
{
    private readonly CliTestHost _host = new();

    public DatabaseCommandTests() => File.WriteAllText(_host.ConfigPath, """
        {
          "Storage": { "Provider": "Sqlite", "ConnectionString": "Data Source=data/test.db", "MigrateAtStartup": false },
          "DevPki": { "Directory": "certs-dev" }
        }
        """);

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Migrate_PerRole_ThenCommandsRun()
    {
        var refused = await _host.RunAsync("user", "list");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("certauth db migrate", refused.Error, StringComparison.Ordinal);

        var federation = await _host.RunAsync("db", "migrate", "--role", "federation");
        Assert.Equal(0, federation.ExitCode);
        Assert.Contains("federation: applied", federation.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("tokenservice", federation.Output, StringComparison.Ordinal);
        Assert.Contains("tokenservice store", (await _host.RunAsync("user", "list")).Error, StringComparison.Ordinal);

        var both = await _host.RunAsync("db", "migrate");
        Assert.Equal(0, both.ExitCode);
        Assert.Contains("federation: up to date", both.Output, StringComparison.Ordinal);
        Assert.Contains("tokenservice: applied", both.Output, StringComparison.Ordinal);
        Assert.Contains("_OwnTrustedCaList", both.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await _host.RunAsync("user", "list")).ExitCode);
    }

    [Fact]
    public async Task Migrate_RefusesAnUnknownRole()
    {
        var result = await _host.RunAsync("db", "migrate", "--role", "everything");

        Assert.NotEqual(0, result.ExitCode);
    }
}
