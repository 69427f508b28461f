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
    /// Decodes a received form value to XML text: bounded length, strict base64, strict UTF-8. Refused with
    /// <see cref="SamlFailureReason.MessageTooLarge"/> or <see cref="SamlFailureReason.MalformedEncoding"/>.
    /// </summary>
    public SamlResult<string> Decode(string formValue)
    {
        ArgumentNullException.ThrowIfNull(formValue);
        return SamlResult<string>.Of(() => DecodeOrThrow(formValue));
    }

    /// <summary>As <see cref="Decode"/>, for the validators of this assembly.</summary>
    internal string DecodeOrThrow(string formValue)
    {
        ArgumentNullException.ThrowIfNull(formValue);
        if (formValue.Length > _options.MaxPostEncodedLength)
        {
            throw new SamlValidationException(SamlFailureReason.MessageTooLarge, "The posted message exceeds the size limit.");
        }

        return BindingEncoding.ToUtf8String(BindingEncoding.FromBase64(formValue));
    }

    /// <summary>A <see cref="SamlFailureReason.RelayStateTooLong"/> refusal when a posted RelayState is over the bound; null when acceptable.</summary>
    public SamlFailure? CheckRelayState(string? relayState) =>
        SamlResult<bool>.Of(() => { CheckRelayStateOrThrow(relayState); return true; }).Refusal;

    /// <summary>As <see cref="CheckRelayState"/>, for the validators of this assembly.</summary>
    internal void CheckRelayStateOrThrow(string? relayState) => BindingEncoding.CheckRelayState(relayState, _options);
}
