namespace CertAuth.Federation.Cli.Tests.Infrastructure;

/// <summary>Exit code and captured output of one in-process CLI run.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error, string? RefusalCode = null)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
