using CertAuth.Federation.Cli.Tests.Infrastructure;

namespace CertAuth.Federation.Cli.Tests;

public sealed class CliApplicationTests : IDisposable
{
    private readonly CliTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("user")]
    [InlineData("frobnicate")]
    [InlineData("user add")]
    [InlineData("user add a@b.c --bogus")]
    [InlineData("audit list --take many")]
    [InlineData("ca add --cert x.cer --type leaf")]
    [InlineData("ca add --type root")]
    [InlineData("ca set ABCD --crl http://x/a.crl --no-crl")]
    [InlineData("rp add")]
    [InlineData("rp add https://sp/ --token-lifetime soon")]
    [InlineData("rp set https://sp/ --theme a --no-theme")]
    public async Task UsageErrors_ExitWith2_AndNoStackTrace(string commandLine)
    {
        var result = await _host.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Help_ExitsWith0_AndPrintsToOutput()
    {
        var result = await _host.RunAsync("rp", "add", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--metadata", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConfigFile_IsRefusedWithOneLine()
    {
        var result = await _host.RunRawAsync(["--config", _host.PathOf("nope.json"), "user", "list"]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("not found", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_DefaultsToAppsettingsInCurrentDirectory()
    {
        var result = await _host.RunRawAsync(["user", "add", "a@contoso.com"]);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(_host.PathOf(Path.Combine("data", "test.db"))));
    }

    [Fact]
    public async Task Config_FromEnvironmentVariable_ResolvesRelativePathsAgainstItsFolder()
    {
        var elsewhere = Path.Combine(_host.Directory, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        var variables = new Dictionary<string, string> { ["CERTAUTH_CONFIG"] = _host.ConfigPath };

        var result = await _host.RunRawAsync(["user", "add", "a@contoso.com"], variables, elsewhere);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(_host.PathOf(Path.Combine("data", "test.db"))));
        Assert.False(Directory.Exists(Path.Combine(elsewhere, "data")));
    }

    [Fact]
    public async Task ConfigOption_WinsOverEnvironmentVariable()
    {
        var variables = new Dictionary<string, string> { ["CERTAUTH_CONFIG"] = _host.PathOf("missing.json") };

        var result = await _host.RunRawAsync(["--config", _host.ConfigPath, "user", "list"], variables);

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task BrokenConfigFile_IsRefused()
    {
        File.WriteAllText(_host.ConfigPath, "{ not json");

        var result = await _host.RunAsync("user", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("could not be read", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Storage": { "Provider": "Oracle", "ConnectionString": "x" } }""")]
    [InlineData("""{ "Storage": { "Provider": "Sqlite", "ConnectionString": "Data Source=appsettings.json/sub/x.db" } }""")]
    public async Task BrokenStorageSettings_FailWithOneErrorLine(string json)
    {
        File.WriteAllText(_host.ConfigPath, json);

        var result = await _host.RunAsync("user", "list");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_WhenEmpty_SayNothingIsThere()
    {
        Assert.Equal("no users.", (await _host.RunAsync("user", "list")).Output.Trim());
        Assert.Equal("no relying parties.", (await _host.RunAsync("rp", "list")).Output.Trim());
        Assert.Equal("no trusted certificate authorities.", (await _host.RunAsync("ca", "list")).Output.Trim());
        Assert.Equal("[]", (await _host.RunAsync("user", "list", "--json")).Output.Trim());
    }
}
