namespace CertAuth.Federation.Protocols;

/// <summary>
/// Stable, typed reason for every rejection of a SAML message. Values are stable codes: append new members at the
/// end, never renumber, so logs and error pages keep their meaning across releases.
/// </summary>
public enum SamlFailureReason
{
    /// <summary>The encoded message (or the XML text) is larger than the configured bound.</summary>
    MessageTooLarge = 1,

    /// <summary>Bad base64, bad deflate data, bad URL encoding or bytes that are not UTF-8.</summary>
    MalformedEncoding = 2,

    /// <summary>The message inflated past the configured bound (possible deflate bomb).</summary>
    InflateBomb = 3,

    /// <summary>The XML is not well formed.</summary>
    MalformedXml = 4,

    /// <summary>The XML carries a DOCTYPE (DTDs and entity declarations are never processed).</summary>
    DtdProhibited = 5,

    /// <summary>An element appears where another one is expected (wrong root, wrong namespace).</summary>
    UnexpectedElement = 6,

    /// <summary>The structure or a value does not follow the SAML schema.</summary>
    SchemaViolation = 7,

    /// <summary>A value the specification requires is absent.</summary>
    MissingRequiredValue = 8,

    /// <summary>The SAML version is not 2.0.</summary>
    UnsupportedVersion = 9,

    /// <summary>The issuer is not a configured, trusted party (or two issuers in one message disagree).</summary>
    UntrustedIssuer = 10,

    /// <summary>A required signature is absent.</summary>
    MissingSignature = 11,

    /// <summary>The signature or a digest does not verify.</summary>
    InvalidSignature = 12,

    /// <summary>Wrong or multiple references, an ID that is not unique, or a reference not pointing at the signature's parent.</summary>
    SignatureReferenceInvalid = 13,

    /// <summary>A transform or canonicalization method outside the allow-list.</summary>
    DisallowedTransform = 14,

    /// <summary>A signature or digest algorithm outside the allow-list (SHA-1 unless explicitly allowed).</summary>
    WeakAlgorithm = 15,

    /// <summary>The signature was not made with any of the trusted keys configured for the issuer.</summary>
    UntrustedKey = 16,

    /// <summary>The message's Destination is not our endpoint.</summary>
    WrongDestination = 17,

    /// <summary>The bearer confirmation's Recipient is not our endpoint.</summary>
    WrongRecipient = 18,

    /// <summary>The assertion is not restricted to our audience.</summary>
    WrongAudience = 19,

    /// <summary>The message or assertion is not valid yet (beyond the allowed clock skew).</summary>
    NotYetValid = 20,

    /// <summary>The message or assertion is no longer valid (beyond the allowed clock skew).</summary>
    Expired = 21,

    /// <summary>InResponseTo does not match the request we sent, or an unsolicited response is not allowed.</summary>
    InResponseToMismatch = 22,

    /// <summary>The assertion ID has been seen before.</summary>
    Replay = 23,

    /// <summary>The response's top-level status is not Success.</summary>
    StatusNotSuccess = 24,

    /// <summary>The response carries more than one assertion.</summary>
    MultipleAssertions = 25,

    /// <summary>The response carries no assertion.</summary>
    NoAssertion = 26,

    /// <summary>The assertion is not signed and a signed enclosing response is not accepted instead.</summary>
    UnsignedAssertion = 27,

    /// <summary>RelayState is longer than the configured bound.</summary>
    RelayStateTooLong = 28,

    /// <summary>The XML nests elements deeper than the configured maximum (refused while parsing, before any DOM walk).</summary>
    NestingTooDeep = 29,
}
