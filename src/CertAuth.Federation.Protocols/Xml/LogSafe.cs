using System.Text;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>Makes an untrusted short value (an algorithm URI, a version) safe to quote in an exception message or log.</summary>
internal static class LogSafe
{
    private const int MaxLength = 100;

    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        var builder = new StringBuilder(Math.Min(value.Length, MaxLength) + 3);
        foreach (var c in value.AsSpan(0, Math.Min(value.Length, MaxLength)))
        {
            builder.Append(c is >= ' ' and <= '~' and not '<' and not '>' and not '&' ? c : '?');
        }

        return value.Length > MaxLength ? builder.Append("...").ToString() : builder.ToString();
    }
}
