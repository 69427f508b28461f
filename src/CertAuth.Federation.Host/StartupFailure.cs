using CertAuth.Federation.Storage.Hosting;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Host;

/// <summary>
/// Turns a failed start into one message for the console (issue 12 item 7): a key or certificate file that cannot be used
/// (<see cref="StartupConfigurationException"/>, naming the setting and the file) or invalid options
/// (<see cref="OptionsValidationException"/>, every failure naming its key). Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class StartupFailure
{
    /// <summary>The process exit code of a start refused for its configuration.</summary>
    public const int ExitCode = 3;

    /// <summary>The message to print, or null when <paramref name="exception"/> is not a configuration failure.</summary>
    public static string? Describe(Exception exception)
    {
        var failures = new List<string>();
        foreach (var ex in Flatten(exception))
        {
            switch (ex)
            {
                case StartupConfigurationException file:
                    failures.Add(file.Message);
                    break;
                case OptionsValidationException options:
                    failures.AddRange(options.Failures);
                    break;
                default:
                    return null;
            }
        }

        return failures.Count == 0 ? null : "the configuration prevents the start: " + string.Join(" ", failures.Distinct(StringComparer.Ordinal));
    }

    private static IEnumerable<Exception> Flatten(Exception exception) =>
        exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception];
}
