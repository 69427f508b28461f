using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CertAuth.Federation.Storage.Migrations;

/// <summary>
/// Each store has one migration set per provider, in namespaces <c>CertAuth.Federation.Storage.Migrations.Sqlite.*</c>
/// and <c>….PostgreSQL.*</c> (column types and identity annotations differ). EF Core picks a context's migrations by
/// its <c>[DbContext]</c> attribute only; this keeps the ones of the provider in use (at run time and for
/// <c>dotnet ef migrations add</c>).
/// </summary>
#pragma warning disable EF1001 // MigrationsAssembly is EF Core's own implementation, wrapped rather than re-implemented.
internal sealed class ProviderMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger) : IMigrationsAssembly
{
    private readonly Microsoft.EntityFrameworkCore.Migrations.Internal.MigrationsAssembly _inner = new(currentContext, options, idGenerator, logger);
    private readonly string _namespace = typeof(ProviderMigrationsAssembly).Namespace + "." + (currentContext.Context.Database.IsNpgsql() ? "PostgreSQL" : "Sqlite") + ".";
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= _inner.Migrations
        .Where(m => m.Value.Namespace is { } ns && ns.StartsWith(_namespace, StringComparison.Ordinal))
        .ToDictionary(m => m.Key, m => m.Value);

    public ModelSnapshot? ModelSnapshot => _inner.Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ModelSnapshot)) && t.Namespace is { } ns && ns.StartsWith(_namespace, StringComparison.Ordinal)
            && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == currentContext.Context.GetType())
        .Select(t => (ModelSnapshot)Activator.CreateInstance(t)!)
        .FirstOrDefault();

    public Assembly Assembly => _inner.Assembly;

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.Where(
                string.Equals(nameOrId, "0", StringComparison.Ordinal) ? _ => false : id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..], nameOrId, StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault();

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider) => _inner.CreateMigration(migrationClass, activeProvider);
}
#pragma warning restore EF1001
