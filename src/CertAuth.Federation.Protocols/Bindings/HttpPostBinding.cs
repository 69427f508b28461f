using System.Xml;

namespace CertAuth.Federation.Protocols.Bindings;

/// <summary>HTTP-POST binding (SAML Bindings §3.5): base64 form values, bounded on the way in.</summary>
public sealed class HttpPostBinding
{
    private readonly SamlBindingOptions _options;

    /// <summary>Creates the binding with default bounds.</summary>
    public HttpPostBinding()
        : this(new SamlBindingOptions())
    {
    }

    /// <summary>Creates the binding with the given bounds.</summary>
    public HttpPostBinding(SamlBindingOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The base64 value for the SAMLRequest/SAMLResponse form field (the document as UTF-8, no BOM).</summary>
    public string Encode(XmlDocument message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Convert.ToBase64String(BindingEncoding.ToUtf8Bytes(BindingEncoding.Serialize(message)));
    }

    /// <summary>
    /// Decodes a received form value to XML text: bounded length, strict base64, strict UTF-8.
    /// Throws <see cref="SamlFailureReason.MessageTooLarge"/> or <see cref="SamlFailureReason.MalformedEncoding"/>.
    /// </summary>
    public string Decode(string formValue)
    {
        ArgumentNullException.ThrowIfNull(formValue);
        if (formValue.Length > _options.MaxPostEncodedLength)
        {
            throw new SamlValidationException(SamlFailureReason.MessageTooLarge, "The posted message exceeds the size limit.");
        }

        return BindingEncoding.ToUtf8String(BindingEncoding.FromBase64(formValue));
    }

    /// <summary>Throws <see cref="SamlFailureReason.RelayStateTooLong"/> when a posted RelayState is over the bound.</summary>
    public void CheckRelayState(string? relayState) => BindingEncoding.CheckRelayState(relayState, _options);
}
