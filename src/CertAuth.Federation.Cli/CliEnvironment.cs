namespace CertAuth.Federation.Cli;

/// <summary>
/// Everything the CLI takes from its surroundings: writers, clock, working directory, environment variables.
/// Tests build one with their own writers and a fake clock; the process builds one from the console.
/// </summary>
internal sealed class CliEnvironment
{
    /// <summary>Name of the environment variable that points at appsettings.json.</summary>
    public const string ConfigVariable = "CERTAUTH_CONFIG";

    public required TextWriter Output { get; init; }

    public required TextWriter Error { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The actor recorded in the audit log when <c>--actor</c> is not given.</summary>
    public string DefaultActor { get; init; } = $"{Environment.UserName}@{Environment.MachineName}";

    /// <summary>Handler for HTTPS metadata downloads; null uses the platform default.</summary>
    public HttpMessageHandler? MetadataHttpHandler { get; init; }

    /// <summary>
    /// The stable code of the last refusal of this run (see <c>AdminCodes</c>), or null; never printed, so the CLI's
    /// output stays as it was. Tests compare it with what the admin API and the seeders answer.
    /// </summary>
    public string? LastRefusalCode { get; set; }

    public static CliEnvironment FromProcess() => new()
    {
        Output = Console.Out,
        Error = Console.Error,
    };
}
