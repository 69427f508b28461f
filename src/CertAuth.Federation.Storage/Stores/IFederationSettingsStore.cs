namespace CertAuth.Federation.Storage.Stores;

/// <summary>
/// The federation server's shared settings (table <c>fs_settings</c>): facts every node reads the same, such as the
/// active theme. Written only by the administration managers (ThemeManager); read by every node through a cache.
/// </summary>
public interface IFederationSettingsStore
{
    /// <summary>The setting that names the active theme of the sign-in pages.</summary>
    public const string ActiveThemeKey = "themes.active";

    /// <summary>The value of <paramref name="name"/>, or null when it is not set. Throws when the store cannot be reached.</summary>
    string? Get(string name);

    /// <summary>The value of <paramref name="name"/>, or null when it is not set.</summary>
    Task<string?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/> (insert or update).</summary>
    Task SetAsync(string name, string value, string actor, CancellationToken cancellationToken);

    /// <summary>Sets <paramref name="name"/> only when it is not set yet; false when it already was (nothing changed).</summary>
    Task<bool> TryAddAsync(string name, string value, string actor, CancellationToken cancellationToken);
}
