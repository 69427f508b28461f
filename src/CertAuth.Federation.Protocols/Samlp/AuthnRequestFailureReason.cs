namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>
/// Stable, typed reason an AuthnRequest is refused by <see cref="AuthnRequestValidator"/>. Append new members at the
/// end; never renumber. The decoding and signature reasons also carry the precise <see cref="SamlFailureReason"/>.
/// </summary>
public enum AuthnRequestFailureReason
{
    /// <summary>Size bound, encoding, inflate, XML or schema problem (see <see cref="AuthnRequestFailure.SamlReason"/>).</summary>
    MalformedMessage = 1,

    /// <summary>RelayState is longer than the configured bound.</summary>
    RelayStateTooLong = 2,

    /// <summary>The message carries no <c>saml:Issuer</c>.</summary>
    MissingIssuer = 3,

    /// <summary>The Issuer names no enabled relying-party trust.</summary>
    UnknownIssuer = 4,

    /// <summary>The trust requires signed requests and the request is not signed.</summary>
    MissingSignature = 5,

    /// <summary>The signature does not verify, uses a weak algorithm or a bad reference (see <see cref="AuthnRequestFailure.SamlReason"/>).</summary>
    InvalidSignature = 6,

    /// <summary>The request names its ACS by index (not supported: the URL must be sent).</summary>
    AssertionConsumerServiceIndexUnsupported = 7,

    /// <summary>The requested ACS URL is not registered for the trust (exact match), or the trust has none.</summary>
    AssertionConsumerServiceNotAllowed = 8,

    /// <summary>Destination does not name this endpoint.</summary>
    WrongDestination = 9,

    /// <summary>IssueInstant is in the future or older than the accepted window (beyond the clock skew).</summary>
    IssueInstantOutOfRange = 10,

    /// <summary>ProtocolBinding asks for a response binding other than HTTP-POST.</summary>
    UnsupportedProtocolBinding = 11,

    /// <summary>IsPassive: certificate sign-in always interacts with the user.</summary>
    PassiveNotSupported = 12,

    /// <summary>The NameIDPolicy asks for a format that is not issued.</summary>
    NameIdPolicyUnsupported = 13,

    /// <summary>A request with this ID from this issuer was already accepted.</summary>
    Replay = 14,
}
