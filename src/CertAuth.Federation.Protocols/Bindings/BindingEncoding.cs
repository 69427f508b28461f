using System.Xml;
using System.IO.Compression;
using System.Text;

namespace CertAuth.Federation.Protocols.Bindings;

/// <summary>Bounded base64, DEFLATE and strict UTF-8 used by the bindings.</summary>
internal static class BindingEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] FromBase64(string value)
    {
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException ex)
        {
            throw new SamlValidationException(SamlFailureReason.MalformedEncoding, "The message is not valid base64.", ex);
        }
    }

    public static string ToUtf8String(byte[] bytes)
    {
        try
        {
            var span = bytes.AsSpan();
            if (span.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
            {
                span = span[3..];
            }

            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new SamlValidationException(SamlFailureReason.MalformedEncoding, "The message is not valid UTF-8.", ex);
        }
    }

    /// <summary>
    /// Serializes a message for the wire with carriage returns (in text) and tabs/newlines (in attribute values)
    /// written as character references. A plain <c>OuterXml</c> writes them raw, the receiver's parser normalizes
    /// them (XML 1.0 §2.11, §3.3.3), and a signature over the original values no longer verifies.
    /// </summary>
    public static string Serialize(XmlDocument message)
    {
        var settings = new XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            NewLineHandling = NewLineHandling.Entitize,
            Indent = false,
        };
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using (var writer = XmlWriter.Create(text, settings))
        {
            message.WriteTo(writer);
        }

        return text.ToString();
    }

    public static byte[] ToUtf8Bytes(string value) => StrictUtf8.GetBytes(value);

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Inflates raw DEFLATE data, stopping as soon as more than <paramref name="maxLength"/> bytes come out.</summary>
    public static byte[] Inflate(byte[] compressed, int maxLength)
    {
        try
        {
            using var input = new MemoryStream(compressed, writable: false);
            using var inflate = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[8192];
            int read;
            while ((read = inflate.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxLength)
                {
                    throw new SamlValidationException(SamlFailureReason.InflateBomb, "The message inflates beyond the size limit.");
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new SamlValidationException(SamlFailureReason.MalformedEncoding, "The message is not valid DEFLATE data.", ex);
        }
    }

    public static void CheckRelayState(string? relayState, SamlBindingOptions options)
    {
        if (relayState is not null && Encoding.UTF8.GetByteCount(relayState) > options.MaxRelayStateLength)
        {
            throw new SamlValidationException(SamlFailureReason.RelayStateTooLong, "RelayState exceeds the length limit.");
        }
    }
}
