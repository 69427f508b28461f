namespace CertAuth.Federation.Cli.Hosting;

/// <summary>Facts about this one run that every handler needs: who acts, and with which configuration.</summary>
internal sealed class CliInvocation(CliSettings settings, string actor, CliEnvironment environment)
{
    public CliSettings Settings { get; } = settings;

    /// <summary>Recorded as the actor of every audit entry written by this run.</summary>
    public string Actor { get; } = actor;

    public CliEnvironment Environment { get; } = environment;

    /// <summary>Resolves a path typed on the command line against the current directory.</summary>
    public string ResolveCommandLinePath(string path) => Path.GetFullPath(Path.Combine(Environment.CurrentDirectory, path));
}
