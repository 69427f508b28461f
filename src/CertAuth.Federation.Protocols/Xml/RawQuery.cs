using System.Net;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// The SAML parameters of a query string, kept exactly as received (still URL-encoded), so that the signed octets
/// of the HTTP-Redirect binding (Bindings §3.4.4.1) can be rebuilt byte for byte.
/// </summary>
internal sealed class RawQuery
{
    public string? MessageParameterName { get; private set; }

    public string? RawMessage { get; private set; }

    public string? RawRelayState { get; private set; }

    public string? RawSigAlg { get; private set; }

    public string? RawSignature { get; private set; }

    public static RawQuery Parse(string rawQueryString)
    {
        var query = new RawQuery();
        var text = rawQueryString.StartsWith('?') ? rawQueryString[1..] : rawQueryString;
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            switch (name)
            {
                case "SAMLRequest":
                case "SAMLResponse":
                    if (query.RawMessage is not null)
                    {
                        throw Duplicate();
                    }

                    query.MessageParameterName = name;
                    query.RawMessage = value;
                    break;
                case "RelayState":
                    query.RawRelayState = query.RawRelayState is null ? value : throw Duplicate();
                    break;
                case "SigAlg":
                    query.RawSigAlg = query.RawSigAlg is null ? value : throw Duplicate();
                    break;
                case "Signature":
                    query.RawSignature = query.RawSignature is null ? value : throw Duplicate();
                    break;
                default:
                    break;
            }
        }

        if (query.RawMessage is null)
        {
            throw new SamlValidationException(SamlFailureReason.MissingRequiredValue, "The query string carries no SAMLRequest or SAMLResponse.");
        }

        return query;
    }

    /// <summary>URL-decodes one form-encoded value ('+' is a space).</summary>
    public static string Decode(string raw) => WebUtility.UrlDecode(raw);

    /// <summary>The octets the Redirect binding signs: message, RelayState if present, SigAlg; in that order.</summary>
    public string SignedContent()
    {
        var content = MessageParameterName + "=" + RawMessage;
        if (RawRelayState is not null)
        {
            content += "&RelayState=" + RawRelayState;
        }

        return content + "&SigAlg=" + RawSigAlg;
    }

    private static SamlValidationException Duplicate() =>
        new(SamlFailureReason.SchemaViolation, "A SAML query parameter occurs more than once.");
}
