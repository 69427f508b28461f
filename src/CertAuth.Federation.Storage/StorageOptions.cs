namespace CertAuth.Federation.Storage;

/// <summary>Where state lives. Bound from the <c>Storage</c> section of appsettings.json.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>Sqlite</c> (default, embedded) or <c>PostgreSQL</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// Provider connection string. Default: <c>Data Source=data/certauth.db</c> (relative paths are resolved
    /// against the content root; the folder is created on start).
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/certauth.db";

    /// <summary>
    /// The federation server's store (issue 12). Default (empty): <see cref="ConnectionString"/>, i.e. one database shared
    /// by both roles, each in its own tables.
    /// </summary>
    public string? FederationConnectionString { get; set; }

    /// <summary>The token service's store. Default (empty): <see cref="ConnectionString"/>.</summary>
    public string? TokenServiceConnectionString { get; set; }

    /// <summary>The connection string of <paramref name="role"/>'s store: its own if set, else <see cref="ConnectionString"/>.</summary>
    public string ConnectionStringFor(StoreRole role)
    {
        var own = role == StoreRole.Federation ? FederationConnectionString : TokenServiceConnectionString;
        return string.IsNullOrWhiteSpace(own) ? ConnectionString : own;
    }

    /// <summary>
    /// True (default): each role applies its store's pending EF Core migrations when it starts (a database created before
    /// migrations existed is recognised and upgraded). False: a role whose store has pending migrations refuses to
    /// start; apply them with <c>certauth db migrate [--role federation|tokenservice|both]</c>.
    /// </summary>
    public bool MigrateAtStartup { get; set; } = true;

    /// <summary>
    /// SQLite only. The database always runs in write-ahead-log mode. False (default): <c>synchronous=NORMAL</c> — a
    /// commit is not synced to disk until the next checkpoint, so a power loss or OS crash (not an application crash) may
    /// roll back the last transactions, e.g. the last refresh-token rotations, whose old tokens then become redeemable
    /// once more. True: <c>synchronous=FULL</c>, a sync at every commit (about one disk flush per token redemption).
    /// </summary>
    public bool SqliteDurableCommits { get; set; }
}

/// <summary>Supported database providers.</summary>
public enum StorageProvider
{
    Sqlite = 0,
    PostgreSQL = 1,
}
