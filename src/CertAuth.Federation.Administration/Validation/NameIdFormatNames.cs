using CertAuth.Federation.Protocols.Saml;

namespace CertAuth.Federation.Administration.Validation;

/// <summary>Maps the short NameID format names (SAML 2.0 Core §8.3) accepted by <c>--name-id-format</c> to SAML URIs.</summary>
internal static class NameIdFormatNames
{
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unspecified"] = NameIdFormats.Unspecified,
        ["email"] = NameIdFormats.EmailAddress,
        ["persistent"] = NameIdFormats.Persistent,
        ["transient"] = NameIdFormats.Transient,
    };

    /// <summary>Returns the URI for a short name, or the value itself when it is an absolute URI.</summary>
    public static string Resolve(string value)
    {
        var text = value.Trim();
        if (ShortNames.TryGetValue(text, out var uri))
        {
            return uri;
        }

        if (text.Length <= InputRules.MaxNameIdFormatLength && !text.Any(char.IsWhiteSpace)
            && Uri.TryCreate(text, UriKind.Absolute, out _))
        {
            return text;
        }

        throw new AdminRefusal(
            AdminCodes.NameIdFormat,
            $"--name-id-format '{value}' must be unspecified, email, persistent, transient or an absolute URI.");
    }
}
