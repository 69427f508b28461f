using System.Globalization;
using System.Xml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>xs:dateTime and xs:boolean conversions the SAML way (Core §1.3.3: UTC, millisecond resolution).</summary>
internal static class SamlXmlConvert
{
    public static string FormatDateTime(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.Millisecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    public static DateTimeOffset ParseDateTime(string value, string what)
    {
        try
        {
            // A value without a zone is UTC (Core §1.3.3); a value with an offset is converted.
            return new DateTimeOffset(XmlConvert.ToDateTime(value, XmlDateTimeSerializationMode.Utc), TimeSpan.Zero);
        }
        catch (FormatException ex)
        {
            throw new SamlValidationException(SamlFailureReason.SchemaViolation, $"'{what}' is not an xs:dateTime.", ex);
        }
    }

    public static bool ParseBoolean(string value, string what)
    {
        try
        {
            return XmlConvert.ToBoolean(value);
        }
        catch (FormatException ex)
        {
            throw new SamlValidationException(SamlFailureReason.SchemaViolation, $"'{what}' is not an xs:boolean.", ex);
        }
    }

    public static int ParseUnsignedShort(string value, string what)
    {
        if (ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var result))
        {
            return result;
        }

        throw new SamlValidationException(SamlFailureReason.SchemaViolation, $"'{what}' is not an xs:unsignedShort.");
    }

    public static string FormatBoolean(bool value) => value ? "true" : "false";

    public static string FormatInt(int value) => value.ToString(CultureInfo.InvariantCulture);
}
