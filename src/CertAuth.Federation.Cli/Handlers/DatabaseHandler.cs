using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>The <c>db migrate</c> verb: brings each chosen role's store to the current schema (see StorageInitializer).</summary>
internal sealed class DatabaseHandler(
    [FromKeyedServices(StoreRole.Federation)] StorageInitializer federation,
    [FromKeyedServices(StoreRole.TokenService)] StorageInitializer tokenService,
    CliConsole console)
{
    public async Task<int> MigrateAsync(IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        foreach (var role in roles)
        {
            var applied = await (role == StoreRole.Federation ? federation : tokenService).MigrateAsync(cancellationToken);
            console.Line(applied.Count == 0
                ? $"{RoleNames.Name(role)}: up to date"
                : $"{RoleNames.Name(role)}: applied {string.Join(", ", applied)}");
        }

        return CliApplication.Ok;
    }
}
