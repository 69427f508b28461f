using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Bindings;

/// <summary>HTTP-Redirect binding (SAML Bindings §3.4): DEFLATE, base64, URL encoding, optional query-string signature.</summary>
public sealed class HttpRedirectBinding
{
    private readonly SamlBindingOptions _options;

    /// <summary>Creates the binding with default bounds.</summary>
    public HttpRedirectBinding()
        : this(new SamlBindingOptions())
    {
    }

    /// <summary>Creates the binding with the given bounds.</summary>
    public HttpRedirectBinding(SamlBindingOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>
    /// Encodes a message as a query string (no leading '?'). When <paramref name="signingCertificate"/> is given the
    /// query string is signed (§3.4.4.1); the XML itself must then carry no signature.
    /// </summary>
    /// <param name="parameterName">"SAMLRequest" or "SAMLResponse".</param>
    /// <param name="message">The message document.</param>
    /// <param name="relayState">
    /// RelayState, bounded by <see cref="SamlBindingOptions.MaxRelayStateLength"/>: a longer one is the caller's bug
    /// (what is sent was made or checked on the way in), an <see cref="ArgumentException"/>.
    /// </param>
    /// <param name="signingCertificate">Certificate with a private key, or null for an unsigned message.</param>
    /// <param name="signatureAlgorithm">Signature method URI (RSA-SHA256 by default).</param>
    public string EncodeQueryString(
        string parameterName,
        XmlDocument message,
        string? relayState = null,
        X509Certificate2? signingCertificate = null,
        string signatureAlgorithm = SignatureAlgorithms.RsaSha256)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (parameterName is not ("SAMLRequest" or "SAMLResponse"))
        {
            throw new ArgumentException("The parameter must be SAMLRequest or SAMLResponse.", nameof(parameterName));
        }

        if (relayState is not null && System.Text.Encoding.UTF8.GetByteCount(relayState) > _options.MaxRelayStateLength)
        {
            throw new ArgumentException($"RelayState exceeds the length limit ({_options.MaxRelayStateLength} bytes).", nameof(relayState));
        }

        var deflated = BindingEncoding.Deflate(BindingEncoding.ToUtf8Bytes(BindingEncoding.Serialize(message)));
        var query = parameterName + "=" + Uri.EscapeDataString(Convert.ToBase64String(deflated));
        if (relayState is not null)
        {
            query += "&RelayState=" + Uri.EscapeDataString(relayState);
        }

        if (signingCertificate is null)
        {
            return query;
        }

        query += "&SigAlg=" + Uri.EscapeDataString(signatureAlgorithm);
        var signature = SignatureAlgorithmRules.Sign(BindingEncoding.ToUtf8Bytes(query), signingCertificate, signatureAlgorithm);
        return query + "&Signature=" + Uri.EscapeDataString(Convert.ToBase64String(signature));
    }

    /// <summary>Appends the encoded query string to <paramref name="destination"/>, keeping any query it already has.</summary>
    public string BuildRedirectUrl(
        string destination,
        string parameterName,
        XmlDocument message,
        string? relayState = null,
        X509Certificate2? signingCertificate = null,
        string signatureAlgorithm = SignatureAlgorithms.RsaSha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var separator = destination.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return destination + separator + EncodeQueryString(parameterName, message, relayState, signingCertificate, signatureAlgorithm);
    }

    /// <summary>
    /// Decodes a received query string (raw, still URL-encoded) within the configured bounds. It does not verify the
    /// signature: pass the same raw query string to <c>SignatureVerifier.VerifyRedirectSignature</c> for that. Refused
    /// with <see cref="SamlFailureReason.MessageTooLarge"/>, <see cref="SamlFailureReason.MalformedEncoding"/>,
    /// <see cref="SamlFailureReason.InflateBomb"/>, <see cref="SamlFailureReason.RelayStateTooLong"/> or
    /// <see cref="SamlFailureReason.MissingRequiredValue"/> (no message parameter) or <see cref="SamlFailureReason.SchemaViolation"/>
    /// (a parameter given twice).
    /// </summary>
    public SamlResult<RedirectBindingMessage> Decode(string rawQueryString)
    {
        ArgumentNullException.ThrowIfNull(rawQueryString);
        return SamlResult<RedirectBindingMessage>.Of(() => DecodeOrThrow(rawQueryString));
    }

    /// <summary>As <see cref="Decode"/>, for the validators of this assembly.</summary>
    internal RedirectBindingMessage DecodeOrThrow(string rawQueryString)
    {
        ArgumentNullException.ThrowIfNull(rawQueryString);
        if (rawQueryString.Length > _options.MaxRedirectEncodedLength + (4 * _options.MaxRelayStateLength) + 4096)
        {
            throw new SamlValidationException(SamlFailureReason.MessageTooLarge, "The query string exceeds the size limit.");
        }

        var query = RawQuery.Parse(rawQueryString);
        if (query.RawMessage!.Length > _options.MaxRedirectEncodedLength)
        {
            throw new SamlValidationException(SamlFailureReason.MessageTooLarge, "The encoded message exceeds the size limit.");
        }

        var relayState = query.RawRelayState is null ? null : RawQuery.Decode(query.RawRelayState);
        BindingEncoding.CheckRelayState(relayState, _options);

        var compressed = BindingEncoding.FromBase64(RawQuery.Decode(query.RawMessage));
        var xml = BindingEncoding.ToUtf8String(BindingEncoding.Inflate(compressed, _options.MaxInflatedLength));
        return new RedirectBindingMessage
        {
            ParameterName = query.MessageParameterName!,
            Xml = xml,
            RelayState = relayState,
            SignatureAlgorithm = query.RawSigAlg is null ? null : RawQuery.Decode(query.RawSigAlg),
            HasSignature = query.RawSignature is not null,
        };
    }
}
