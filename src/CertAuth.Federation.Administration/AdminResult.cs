namespace CertAuth.Federation.Administration;

/// <summary>Why a manager refused a change: a stable code (see <see cref="AdminCodes"/>) and one line for people.</summary>
public sealed record AdminError(string Code, string Message);

/// <summary>
/// The outcome of a manager operation: either a value, or the <see cref="AdminError"/> that refused it. Refusals are
/// results, never exceptions; exceptions mean bugs or an unavailable store. <see cref="Warnings"/> are advisories the
/// front end shows (the change was made).
/// </summary>
public sealed class AdminResult<T>
{
    private AdminResult(T? value, AdminError? error, IReadOnlyList<string> warnings)
    {
        Value = value;
        Error = error;
        Warnings = warnings;
    }

    /// <summary>The value; meaningful only when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>The refusal, or null on success.</summary>
    public AdminError? Error { get; }

    /// <summary>Advisories, in the order they were found.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when the operation was carried out.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A success.</summary>
    public static AdminResult<T> Success(T value, IReadOnlyList<string>? warnings = null) => new(value, null, warnings ?? []);

    /// <summary>A refusal.</summary>
    public static AdminResult<T> Refused(AdminError error) => new(default, error, []);
}
