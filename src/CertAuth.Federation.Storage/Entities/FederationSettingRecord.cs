namespace CertAuth.Federation.Storage.Entities;

/// <summary>
/// One named setting of the federation server that every node must see the same (issue 13), table <c>fs_settings</c>.
/// Today only the active theme (<see cref="Stores.IFederationSettingsStore.ActiveThemeKey"/>) lives here.
/// </summary>
public sealed class FederationSettingRecord
{
    /// <summary>The setting's name (primary key), e.g. <c>themes.active</c>.</summary>
    public required string Name { get; set; }

    /// <summary>The setting's value.</summary>
    public required string Value { get; set; }

    /// <summary>Who set it last (the audit actor).</summary>
    public string? UpdatedBy { get; set; }

    /// <summary>When it was set last.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
