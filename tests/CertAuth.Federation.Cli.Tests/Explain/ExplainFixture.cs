using CertAuth.Federation.Cli.Tests.Infrastructure;
using CertAuth.Federation.Testing;

namespace CertAuth.Federation.Cli.Tests.Explain;

/// <summary>
/// The federation server and the token service of the test kit (real TLS on loopback, a loopback CRL server, one
/// SQLite database, a fake clock), and an appsettings.json for the CLI naming that database, as an operator's
/// <c>certauth</c> would be configured next to the running roles.
/// </summary>
public sealed class ExplainFixture : TokenServiceFixture
{
    public const string RelyingParty = "urn:test:explain";

    public string CliDirectory { get; } = Path.Combine(Path.GetTempPath(), "certauth-cli-explain-" + Guid.NewGuid().ToString("N"));

    public string ConfigPath => Path.Combine(CliDirectory, "appsettings.json");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(CliDirectory);
        var database = Path.Combine(WorkingDirectory, "certauth.db").Replace("\\", "\\\\", StringComparison.Ordinal);
        await File.WriteAllTextAsync(ConfigPath, $$"""
            {
              "Storage": { "Provider": "Sqlite", "ConnectionString": "Data Source={{database}}" }
            }
            """);
        await RegisterRelyingPartyAsync(RelyingParty, "https://explain.test/acs");
    }

    /// <summary>Runs <c>certauth --config &lt;cli&gt;/appsettings.json &lt;args&gt;</c> in-process with the servers' clock.</summary>
    public async Task<CliResult> RunCliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Output = output,
            Error = error,
            TimeProvider = Clock,
            CurrentDirectory = CliDirectory,
            GetEnvironmentVariable = _ => null,
            DefaultActor = "tester@testhost",
        };
        var exitCode = await CliApplication.RunAsync(["--config", ConfigPath, .. args], environment, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(CliDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
