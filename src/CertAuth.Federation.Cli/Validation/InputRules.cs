using Rules = CertAuth.Federation.Administration.Validation.InputRules;

namespace CertAuth.Federation.Cli.Validation;

/// <summary>
/// The input rules of the administration library (<c>CertAuth.Federation.Administration.Validation.InputRules</c>),
/// in the CLI's idiom: each refusal is a <see cref="CliRefusedException"/> carrying the library's stable code. The
/// handlers no longer apply rules themselves (the managers do); this facade remains for the CLI's own checks and tests.
/// </summary>
internal static class InputRules
{
    public const int MaxUpnLength = Rules.MaxUpnLength;
    public const int MaxDisplayNameLength = Rules.MaxDisplayNameLength;
    public const int MaxEntityIdLength = Rules.MaxEntityIdLength;
    public const int MaxUrlLength = Rules.MaxUrlLength;

    public static string Address(string? value, string what) => AdminResultExtensions.Rule(() => Rules.Address(value, what));

    public static string? Text(string? value, string what, int maxLength) => AdminResultExtensions.Rule(() => Rules.Text(value, what, maxLength));

    public static string Token(string? value, string what, int maxLength) => AdminResultExtensions.Rule(() => Rules.Token(value, what, maxLength));

    public static string AcsUrl(string? value) => AdminResultExtensions.Rule(() => Rules.AcsUrl(value));

    public static string SecureUrl(string? value, string what) => AdminResultExtensions.Rule(() => Rules.SecureUrl(value, what));

    public static string CrlUrl(string? value, string what) => AdminResultExtensions.Rule(() => Rules.CrlUrl(value, what));

    public static int TokenLifetime(int minutes) => AdminResultExtensions.Rule(() => Rules.TokenLifetime(minutes));

    public static string Theme(string value) => AdminResultExtensions.Rule(() => Rules.Theme(value));

    public static string SkiHex(string value) => AdminResultExtensions.Rule(() => Rules.SkiHex(value));

    public static string IssuerName(string value) => AdminResultExtensions.Rule(() => Rules.IssuerName(value));

    public static TimeSpan CrlGrace(string value) => AdminResultExtensions.Rule(() => Rules.CrlGrace(value));
}
