using System.CommandLine;
using System.CommandLine.Invocation;
using CertAuth.Federation.Cli.Commands;

namespace CertAuth.Federation.Cli;

/// <summary>Parses the command line and runs the chosen verb. Exit codes: 0 ok, 1 refused or failed, 2 usage.</summary>
internal static class CliApplication
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var root = CliCommandFactory.Create(new CommandRunner(environment));
        // No response files: an argument such as '@contoso.com' is a value, never a file to read.
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors)
            {
                await environment.Error.WriteLineAsync($"error: {error.Message}");
            }

            await environment.Error.WriteLineAsync("Run 'certauth --help' for usage.");
            return Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Output,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
        };
        return await parseResult.InvokeAsync(invocation, cancellationToken);
    }
}
