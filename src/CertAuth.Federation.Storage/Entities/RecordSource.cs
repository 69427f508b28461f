namespace CertAuth.Federation.Storage.Entities;

/// <summary>Where a stored record came from.</summary>
public enum RecordSource
{
    /// <summary>Created by an administrator (CLI or API).</summary>
    Administrator = 0,

    /// <summary>Seeded from appsettings.json at start-up.</summary>
    Configuration = 1,

    /// <summary>Created by the development PKI bootstrap.</summary>
    Development = 2,

    /// <summary>Provisioned automatically on first sign-in.</summary>
    Provisioned = 3,
}
