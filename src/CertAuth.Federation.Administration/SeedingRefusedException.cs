namespace CertAuth.Federation.Administration;

/// <summary>
/// Start-up stops with this when an entry of appsettings.json that seeding hands to a manager is refused: the same
/// code and message the CLI and the admin API give for the same input, prefixed with the configuration key.
/// </summary>
public sealed class SeedingRefusedException(string configurationKey, AdminError error)
    : InvalidOperationException($"{configurationKey}: {error.Code} {error.Message}")
{
    /// <summary>The configuration key of the refused entry.</summary>
    public string ConfigurationKey { get; } = configurationKey;

    /// <summary>The manager's refusal.</summary>
    public AdminError Error { get; } = error;

    /// <summary>The value of <paramref name="result"/>, or this exception for its refusal.</summary>
    public static T ThrowIfRefused<T>(AdminResult<T> result, string configurationKey)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Succeeded ? result.Value! : throw new SeedingRefusedException(configurationKey, result.Error!);
    }
}

/// <summary>The actor the seeders record in the audit trail.</summary>
public static class SeedingActor
{
    /// <summary>Changes made by seeding from configuration.</summary>
    public const string Name = "appsettings.json";
}
