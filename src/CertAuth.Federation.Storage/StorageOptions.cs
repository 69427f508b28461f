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
}

/// <summary>Supported database providers.</summary>
public enum StorageProvider
{
    Sqlite = 0,
    PostgreSQL = 1,
}
