using Microsoft.Extensions.Configuration;

namespace CertAuth.Federation.Cli.Hosting;

/// <summary>
/// The configuration the CLI runs with: appsettings.json chosen by <c>--config</c>, else <c>CERTAUTH_CONFIG</c>,
/// else <c>./appsettings.json</c>. Relative paths inside it resolve against the file's folder, as the server does.
/// </summary>
internal sealed class CliSettings
{
    private CliSettings(string configPath, IConfiguration configuration)
    {
        ConfigPath = configPath;
        ConfigDirectory = Path.GetDirectoryName(configPath)!;
        Configuration = configuration;
    }

    public string ConfigPath { get; }

    public string ConfigDirectory { get; }

    public IConfiguration Configuration { get; }

    /// <summary>Resolves a path from the configuration (or its default) against the configuration folder.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(ConfigDirectory, path));

    public static CliSettings Load(string? configOption, CliEnvironment environment)
    {
        var chosen = !string.IsNullOrWhiteSpace(configOption) ? configOption
            : environment.GetEnvironmentVariable(CliEnvironment.ConfigVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : "appsettings.json";
        var path = Path.GetFullPath(Path.Combine(environment.CurrentDirectory, chosen));
        if (!File.Exists(path))
        {
            throw new CliRefusedException(
                $"configuration file '{path}' not found; pass --config <appsettings.json> or set {CliEnvironment.ConfigVariable}.");
        }

        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder()
                .AddJsonFile(path, optional: false, reloadOnChange: false)
                .AddEnvironmentVariables()
                .Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            throw new CliRefusedException($"configuration file '{path}' could not be read: {ex.Message}");
        }

        return new CliSettings(path, configuration);
    }
}
