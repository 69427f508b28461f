using System.Diagnostics;
using System.Text;

namespace CertAuth.Federation.Testing.Package.Tests;

/// <summary>Runs the dotnet CLI as a developer would, with a time limit and the output kept for the assertion message.</summary>
internal static class DotnetCli
{
    /// <summary>The outcome of one <c>dotnet</c> command.</summary>
    internal sealed record Result(int ExitCode, string Output)
    {
        public bool Succeeded => ExitCode == 0;
    }

    /// <summary>
    /// Runs <c>dotnet args</c> in <paramref name="workingDirectory"/>; the process tree is killed after
    /// <paramref name="limit"/> (the result then says so). MSBuild / test-host variables of the surrounding
    /// <c>dotnet test</c> are not passed on, so the child behaves as in a developer's shell.
    /// </summary>
    public static async Task<Result> RunAsync(string workingDirectory, TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
                || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";   // no build nodes left running after the test

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output)
            {
                return new Result(-1, $"dotnet {string.Join(' ', args)}: stopped after {limit}.\n{output}");
            }
        }

        process.WaitForExit();   // drains the redirected streams
        lock (output)
        {
            return new Result(process.ExitCode, $"dotnet {string.Join(' ', args)} (exit {process.ExitCode})\n{output}");
        }
    }
}
