namespace CertAuth.Federation.Server.Errors;

/// <summary>
/// How error codes map to page texts. The texts themselves are per theme and locale in
/// <c>themes/&lt;name&gt;/texts/&lt;locale&gt;.json</c> under the keys <c>CAF1005.title</c>, <c>CAF1005.happened</c> and
/// <c>CAF1005.todo</c>; the built-in default theme has them for every code.
/// </summary>
public static class SignInErrorTexts
{
    /// <summary>The suffixes every code has a text for.</summary>
    public static IReadOnlyList<string> Parts { get; } = ["title", "happened", "todo"];

    /// <summary>The text key of one part of a code's page, e.g. <c>CAF1005.todo</c>.</summary>
    public static string Key(SignInErrorCode code, string part) => SignInError.FormatCode(code) + "." + part;

    /// <summary>The category of a code, by its number range (10xx certificate, 11xx account, 12xx request, else service).</summary>
    public static SignInErrorCategory CategoryOf(SignInErrorCode code) => (int)code switch
    {
        >= 1000 and < 1100 => SignInErrorCategory.Certificate,
        >= 1100 and < 1200 => SignInErrorCategory.Account,
        >= 1200 and < 1300 => SignInErrorCategory.Request,
        _ => SignInErrorCategory.Service,
    };

    /// <summary>Parses a display code such as <c>CAF1005</c> (case-insensitive) into a defined code.</summary>
    public static bool TryParse(string? displayCode, out SignInErrorCode code)
    {
        code = default;
        if (displayCode is not { Length: 7 } || !displayCode.StartsWith("CAF", StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(displayCode.AsSpan(3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || !Enum.IsDefined((SignInErrorCode)number))
        {
            return false;
        }

        code = (SignInErrorCode)number;
        return true;
    }
}
