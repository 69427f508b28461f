using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Administration;

/// <summary>
/// Raised by the rules inside this library and turned into an <see cref="AdminResult{T}"/> by
/// <see cref="AdminOperation"/> at every public manager method, so no refusal leaves the library as an exception.
/// </summary>
internal sealed class AdminRefusal(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public AdminError ToError() => new(Code, Message);
}

/// <summary>Runs one manager operation and turns its refusals (and store conflicts) into results.</summary>
internal static class AdminOperation
{
    public static async Task<AdminResult<T>> RunAsync<T>(Func<List<string>, Task<T>> body)
    {
        var warnings = new List<string>();
        try
        {
            var value = await body(warnings);
            return AdminResult<T>.Success(value, warnings);
        }
        catch (AdminRefusal refusal)
        {
            return AdminResult<T>.Refused(refusal.ToError());
        }
        catch (StoreConflictException conflict)
        {
            return AdminResult<T>.Refused(new AdminError(AdminCodes.Conflict, conflict.Message));
        }
    }

    public static AdminResult<T> Run<T>(Func<List<string>, T> body)
    {
        var warnings = new List<string>();
        try
        {
            return AdminResult<T>.Success(body(warnings), warnings);
        }
        catch (AdminRefusal refusal)
        {
            return AdminResult<T>.Refused(refusal.ToError());
        }
    }
}
