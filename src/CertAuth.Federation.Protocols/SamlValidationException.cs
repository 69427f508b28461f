namespace CertAuth.Federation.Protocols;

/// <summary>
/// Thrown inside this assembly by the private rule helpers (element navigation, bindings, canonicalizer, signature
/// checks) for a rejection of a SAML message. <see cref="Reason"/> is the stable, typed cause; the message text is for
/// logs and never contains the message, token or assertion XML. It never leaves the assembly (issue 12 item 7): every
/// public entry point catches it once and returns <see cref="SamlResult{T}.Invalid"/> with the same reason and message.
/// </summary>
internal sealed class SamlValidationException : Exception
{
    /// <summary>Creates an exception with a reason and a short description (no token content).</summary>
    public SamlValidationException(SamlFailureReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Creates an exception with a reason, a short description (no token content) and the underlying cause.</summary>
    public SamlValidationException(SamlFailureReason reason, string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>The typed cause of the rejection.</summary>
    public SamlFailureReason Reason { get; }

    /// <summary>For <see cref="SamlFailureReason.StatusNotSuccess"/>: the (untrusted) top-level status code the issuer sent.</summary>
    public string? StatusCode { get; init; }

    /// <summary>For <see cref="SamlFailureReason.StatusNotSuccess"/>: the (untrusted) second-level status code, if any.</summary>
    public string? SecondLevelStatusCode { get; init; }
}
