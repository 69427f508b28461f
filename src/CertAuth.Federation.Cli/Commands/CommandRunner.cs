using System.CommandLine;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Commands;

/// <summary>
/// Runs one verb: loads the configuration, builds the services, initializes the database, calls the handler,
/// and turns every failure into one <c>error:</c> line and exit code 1. No stack trace ever reaches the user.
/// </summary>
internal sealed class CommandRunner(CliEnvironment environment)
{
    /// <summary><c>--config</c>: the appsettings.json to use (recursive: valid after any verb).</summary>
    public Option<string?> ConfigOption { get; } = new("--config")
    {
        Description = $"Path to appsettings.json (default: ${CliEnvironment.ConfigVariable}, else ./appsettings.json).",
        Recursive = true,
    };

    /// <summary><c>--actor</c>: who is recorded in the audit log.</summary>
    public Option<string?> ActorOption { get; } = new("--actor")
    {
        Description = "Name recorded as the actor in the audit log (default: user@machine).",
        Recursive = true,
    };

    public async Task<int> RunAsync<THandler>(
        ParseResult parseResult,
        Func<THandler, CancellationToken, Task<int>> action,
        CancellationToken cancellationToken,
        bool initializeStorage = true)
        where THandler : notnull
    {
        try
        {
            var settings = CliSettings.Load(parseResult.GetValue(ConfigOption), environment);
            var actor = parseResult.GetValue(ActorOption) is { Length: > 0 } given ? given.Trim() : environment.DefaultActor;
            if (actor.Length > 256 || actor.Any(char.IsControl))
            {
                throw new CliRefusedException("--actor must be at most 256 printable characters.");
            }

            await using var services = CliServices.Build(new CliInvocation(settings, actor, environment));
            if (initializeStorage)
            {
                await services.GetRequiredService<StorageInitializer>().InitializeAsync(cancellationToken);
            }

            return await action(services.GetRequiredService<THandler>(), cancellationToken);
        }
        catch (Exception ex) when (ex is CliRefusedException or StoreConflictException)
        {
            environment.LastRefusalCode = ex is CliRefusedException { Code: { } code } ? code : Administration.AdminCodes.Conflict;
            await WriteErrorAsync(ex.Message);
            return CliApplication.Refused;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await WriteErrorAsync("cancelled.");
            return CliApplication.Refused;
        }
        catch (Exception ex)
        {
            await WriteErrorAsync(Describe(ex));
            return CliApplication.Refused;
        }
        finally
        {
            // Release SQLite file handles so the database can be moved or deleted right after the command.
            SqliteConnection.ClearAllPools();
        }
    }

    private Task WriteErrorAsync(string message) =>
        environment.Error.WriteLineAsync($"error: {Output.CliConsole.OneLine(message)}");

    private static string Describe(Exception ex) => ex switch
    {
        DbUpdateException { InnerException: { } inner } => $"the database refused the change: {inner.Message}",
        SqliteException sqlite => $"database error: {sqlite.Message}",
        _ => ex.Message,
    };
}
