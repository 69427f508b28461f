using CertAuth.Federation.Protocols.Bindings;

namespace CertAuth.Federation.Protocols.Validation;

/// <summary>Turns what arrived (XML text, base64 or base64url) into XML text, within the binding bounds.</summary>
internal sealed class SamlMessageDecoder(SamlBindingOptions options)
{
    private readonly HttpPostBinding _post = new(options);

    public string Decode(string message, bool allowBase64Url)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Length > options.MaxPostEncodedLength)
        {
            throw new SamlValidationException(SamlFailureReason.MessageTooLarge, "The message exceeds the size limit.");
        }

        var trimmed = message.Trim();
        if (trimmed.StartsWith('<'))
        {
            return trimmed;
        }

        if (allowBase64Url && (trimmed.Contains('-', StringComparison.Ordinal) || trimmed.Contains('_', StringComparison.Ordinal) || trimmed.Length % 4 != 0))
        {
            // RFC 7522 §2.1: base64url without padding (RFC 4648 §5).
            trimmed = trimmed.Replace('-', '+').Replace('_', '/');
            trimmed = trimmed.PadRight(trimmed.Length + ((4 - (trimmed.Length % 4)) % 4), '=');
        }

        return _post.DecodeOrThrow(trimmed);
    }
}
