using Names = CertAuth.Federation.Administration.Validation.NameIdFormatNames;

namespace CertAuth.Federation.Cli.Validation;

/// <summary>The administration library's NameID format names (<c>--name-id-format</c>), in the CLI's idiom.</summary>
internal static class NameIdFormatNames
{
    /// <summary>Returns the URI for a short name, or the value itself when it is an absolute URI.</summary>
    public static string Resolve(string value) => AdminResultExtensions.Rule(() => Names.Resolve(value));
}
