namespace CertAuth.Federation.Protocols.Bindings;

/// <summary>A decoded HTTP-Redirect message. Nothing here is trusted until the signature and content are validated.</summary>
public sealed class RedirectBindingMessage
{
    /// <summary>"SAMLRequest" or "SAMLResponse".</summary>
    public required string ParameterName { get; init; }

    /// <summary>The inflated XML text (UTF-8 decoded).</summary>
    public required string Xml { get; init; }

    /// <summary>RelayState, URL-decoded, if present.</summary>
    public string? RelayState { get; init; }

    /// <summary>The SigAlg URI, if the message is signed.</summary>
    public string? SignatureAlgorithm { get; init; }

    /// <summary>Whether a Signature parameter is present; verify it with <c>SignatureVerifier.VerifyRedirectSignature</c>.</summary>
    public bool HasSignature { get; init; }
}
