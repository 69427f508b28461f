using System.Globalization;

namespace CertAuth.Federation.Administration.Validation;

/// <summary>
/// Syntax and length rules for what administrators type. Each rule throws <see cref="AdminRefusal"/> (turned into a result at the
/// manager boundary) with a stable code and a message naming the option, so the refusal is one clear line. Lengths match the database columns.
/// </summary>
internal static class InputRules
{
    public const int MaxUpnLength = 256;
    public const int MaxDisplayNameLength = 256;
    public const int MaxImmutableIdLength = 64;
    public const int MaxEntityIdLength = 1024;
    public const int MaxUrlLength = 2048;
    public const int MaxNameIdFormatLength = 256;
    public const int MaxClaimTypeLength = 256;
    public const int MaxThemeLength = 64;
    public const int MinTokenLifetimeMinutes = 1;
    public const int MaxTokenLifetimeMinutes = 1440;
    public const int MaxIssuerLength = 1024;
    public const int MaxSkiHexLength = 128;
    public static readonly TimeSpan MaxCrlGrace = TimeSpan.FromDays(7);

    private const string LocalPartSymbols = ".!#$%&'*+/=?^_`{|}~-";

    /// <summary>A UPN or e-mail address: <c>local@domain</c>, returned trimmed and lower-case.</summary>
    public static string Address(string? value, string what)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw new AdminRefusal(AdminCodes.Required, $"{what} is required.");
        }

        if (text.Length > MaxUpnLength)
        {
            throw new AdminRefusal(AdminCodes.TooLong, $"{what} is longer than {MaxUpnLength} characters.");
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != text.LastIndexOf('@') || at == text.Length - 1)
        {
            throw new AdminRefusal(AdminCodes.InvalidAddress, $"{what} '{text}' is not of the form local@domain.");
        }

        var local = text[..at];
        var domain = text[(at + 1)..];
        if (local.Length > 64 || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal)
            || !local.All(c => char.IsAsciiLetterOrDigit(c) || LocalPartSymbols.Contains(c, StringComparison.Ordinal)))
        {
            throw new AdminRefusal(AdminCodes.InvalidAddress, $"{what} '{text}' has an invalid local part (before '@').");
        }

        if (!IsDomainName(domain))
        {
            throw new AdminRefusal(AdminCodes.InvalidAddress, $"{what} '{text}' has an invalid domain (after '@').");
        }

        return text.ToLowerInvariant();
    }

    /// <summary>Optional free text (display names): trimmed, bounded, no control characters; empty becomes null.</summary>
    public static string? Text(string? value, string what, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > maxLength || text.Any(char.IsControl))
        {
            throw new AdminRefusal(AdminCodes.TooLong, $"{what} must be at most {maxLength} printable characters.");
        }

        return text;
    }

    /// <summary>An identifier with no spaces or control characters (entity ids, immutable ids, claim types).</summary>
    public static string Token(string? value, string what, int maxLength)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw new AdminRefusal(AdminCodes.Required, $"{what} is required.");
        }

        if (text.Length > maxLength)
        {
            throw new AdminRefusal(AdminCodes.TooLong, $"{what} is longer than {maxLength} characters.");
        }

        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new AdminRefusal(AdminCodes.InvalidIdentifier, $"{what} '{text}' must not contain spaces or control characters.");
        }

        return text;
    }

    /// <summary>An assertion consumer service URL: absolute https (http only on localhost/127.0.0.1), no fragment.</summary>
    public static string AcsUrl(string? value) => SecureUrl(value, "--acs");

    /// <summary>An absolute https URL (http only on localhost/127.0.0.1/[::1]), no fragment.</summary>
    public static string SecureUrl(string? value, string what)
    {
        var uri = AbsoluteUrl(value, what);
        if (!Protocols.Bindings.EndpointUrlRules.IsAcceptable(uri.OriginalString))
        {
            throw new AdminRefusal(AdminCodes.InsecureUrl, $"{what} '{value}' must be an https URL (http is allowed only for localhost and 127.0.0.1).");
        }

        return uri.OriginalString;
    }

    /// <summary>A CRL distribution point: absolute http or https URL, no fragment.</summary>
    public static string CrlUrl(string? value, string what)
    {
        var uri = AbsoluteUrl(value, what);
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new AdminRefusal(AdminCodes.CrlUrlScheme, $"{what} '{value}' must be an http or https URL.");
        }

        return uri.OriginalString;
    }

    public static int TokenLifetime(int minutes)
    {
        if (minutes is < MinTokenLifetimeMinutes or > MaxTokenLifetimeMinutes)
        {
            throw new AdminRefusal(AdminCodes.TokenLifetime,
                $"--token-lifetime must be between {MinTokenLifetimeMinutes} and {MaxTokenLifetimeMinutes} minutes.");
        }

        return minutes;
    }

    /// <summary>A theme name: letters, digits, '-' and '_'.</summary>
    public static string Theme(string value)
    {
        var text = value.Trim();
        if (text.Length is 0 or > MaxThemeLength || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new AdminRefusal(AdminCodes.ThemeName, $"--theme '{value}' must be 1-{MaxThemeLength} letters, digits, '-' or '_'.");
        }

        return text;
    }

    /// <summary>A subject key identifier in hex (colons and spaces allowed as separators); returned upper-case.</summary>
    public static string SkiHex(string value)
    {
        var hex = new string(value.Where(c => c is not (':' or ' ')).ToArray()).ToUpperInvariant();
        if (hex.Length == 0 || hex.Length > MaxSkiHexLength || hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new AdminRefusal(AdminCodes.IssuerSki, $"--issuer-ski '{value}' must be an even number of hex digits (at most {MaxSkiHexLength}).");
        }

        return hex;
    }

    /// <summary>An issuer distinguished name, checked to parse as X.500.</summary>
    public static string IssuerName(string value)
    {
        var text = Text(value, "--issuer", MaxIssuerLength)
            ?? throw new AdminRefusal(AdminCodes.Required, "--issuer must not be empty.");
        try
        {
            _ = new System.Security.Cryptography.X509Certificates.X500DistinguishedName(text);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new AdminRefusal(AdminCodes.IssuerName, $"--issuer '{text}' is not a distinguished name (e.g. 'CN=Contoso Issuing CA, O=Contoso').");
        }

        return text;
    }

    /// <summary>A CRL grace period: a time span (<c>hh:mm:ss</c>, <c>d.hh:mm:ss</c>) or whole minutes; 0 &lt; grace &lt;= 7 days.</summary>
    public static TimeSpan CrlGrace(string value)
    {
        var text = value.Trim();
        TimeSpan grace;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            grace = TimeSpan.FromMinutes(minutes);
        }
        else if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out grace))
        {
            throw new AdminRefusal(AdminCodes.CrlGrace, $"--crl-grace '{value}' is neither a time span (hh:mm:ss) nor a number of minutes.");
        }

        if (grace <= TimeSpan.Zero || grace > MaxCrlGrace)
        {
            throw new AdminRefusal(AdminCodes.CrlGrace, $"--crl-grace must be more than zero and at most {MaxCrlGrace.TotalDays} days.");
        }

        return grace;
    }

    private static Uri AbsoluteUrl(string? value, string what)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw new AdminRefusal(AdminCodes.Required, $"{what} must not be empty.");
        }

        if (text.Length > MaxUrlLength)
        {
            throw new AdminRefusal(AdminCodes.TooLong, $"{what} is longer than {MaxUrlLength} characters.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc || string.IsNullOrEmpty(uri.Host))
        {
            throw new AdminRefusal(AdminCodes.InvalidUrl, $"{what} '{text}' is not an absolute URL.");
        }

        if (text.Contains('#', StringComparison.Ordinal))
        {
            throw new AdminRefusal(AdminCodes.InvalidUrl, $"{what} '{text}' must not contain a fragment ('#').");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new AdminRefusal(AdminCodes.InvalidUrl, $"{what} '{text}' must not contain user information.");
        }

        return uri;
    }

    private static bool IsDomainName(string domain)
    {
        if (domain.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in domain.Split('.'))
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-')
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
