namespace CertAuth.Federation.Protocols.WsFederation;

/// <summary>
/// Stable, typed reason a WS-Federation passive request is refused. Append new members at the end; never renumber.
/// </summary>
public enum WsFederationFailureReason
{
    /// <summary>No <c>wa</c> parameter.</summary>
    MissingAction = 1,

    /// <summary><c>wa</c> is not one of wsignin1.0, wsignout1.0, wsignoutcleanup1.0.</summary>
    UnsupportedAction = 2,

    /// <summary>A protocol parameter occurs more than once.</summary>
    DuplicateParameter = 3,

    /// <summary>A sign-in request without <c>wtrealm</c>.</summary>
    MissingRealm = 4,

    /// <summary><c>wtrealm</c>, <c>wreply</c> or <c>whr</c> is longer than its bound.</summary>
    ParameterTooLong = 5,

    /// <summary><c>wreply</c> is not an absolute https URL without fragment.</summary>
    ReplyNotAbsoluteHttps = 6,

    /// <summary><c>wctx</c> is longer than the RelayState bound.</summary>
    ContextTooLong = 7,

    /// <summary><c>wct</c> is not an xs:dateTime, or lies outside the accepted window.</summary>
    CurrentTimeInvalid = 8,

    /// <summary><c>wreply</c> is not an endpoint registered for the relying party (exact match).</summary>
    ReplyNotAllowed = 9,

    /// <summary><c>wtrealm</c> names no enabled relying-party trust.</summary>
    UnknownRealm = 10,

    /// <summary><c>wtrealm</c> names a trust that is not configured for WS-Federation.</summary>
    RealmNotWsFederation = 11,

    /// <summary>The trust has no endpoint to answer at.</summary>
    NoReplyEndpoint = 12,
}
