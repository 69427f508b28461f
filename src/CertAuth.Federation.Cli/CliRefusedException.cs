using CertAuth.Federation.Administration;

namespace CertAuth.Federation.Cli;

/// <summary>
/// A request the CLI refuses (invalid input, not found, duplicate). Printed as one line; exit code 1.
/// <see cref="Code"/> is the managers' stable code (see <see cref="AdminCodes"/>) when the refusal came from one.
/// </summary>
internal sealed class CliRefusedException(string message, string? code = null) : Exception(message)
{
    public string? Code { get; } = code;
}

/// <summary>Turns a manager's <see cref="AdminResult{T}"/> into the CLI's idiom: the value, or a <see cref="CliRefusedException"/>.</summary>
internal static class AdminResultExtensions
{
    public static T Unwrap<T>(this AdminResult<T> result) =>
        result.Succeeded ? result.Value! : throw new CliRefusedException(result.Error!.Message, result.Error.Code);

    /// <summary>Runs a rule of the administration library that signals refusal by exception, in the CLI's idiom.</summary>
    public static T Rule<T>(Func<T> rule)
    {
        try
        {
            return rule();
        }
        catch (AdminRefusal refusal)
        {
            throw new CliRefusedException(refusal.Message, refusal.Code);
        }
    }
}
