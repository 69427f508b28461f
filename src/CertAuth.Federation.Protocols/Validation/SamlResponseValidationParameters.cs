namespace CertAuth.Federation.Protocols.Validation;

/// <summary>What a response (or a bare assertion) must satisfy to be accepted. Defaults fail closed.</summary>
public sealed class SamlResponseValidationParameters
{
    /// <summary>Parties we accept assertions from, each with its signing certificates.</summary>
    public required IReadOnlyList<TrustedIssuer> TrustedIssuers { get; init; }

    /// <summary>Our entity id; it must appear in every AudienceRestriction.</summary>
    public required string ExpectedAudience { get; init; }

    /// <summary>
    /// Our endpoint: the ACS URL for a Response (checked against Destination and the bearer Recipient), or the
    /// token endpoint for an RFC 7522 assertion (checked against the bearer Recipient).
    /// </summary>
    public required string ExpectedRecipient { get; init; }

    /// <summary>ID of the AuthnRequest we sent; null when no request is pending (then see <see cref="AllowUnsolicited"/>).</summary>
    public string? ExpectedInResponseTo { get; init; }

    /// <summary>Whether IdP-initiated (unsolicited) responses are accepted when <see cref="ExpectedInResponseTo"/> is null. Default false.</summary>
    public bool AllowUnsolicited { get; init; }

    /// <summary>Clock source.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Allowed clock difference with the issuer. Default 5 minutes.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether SHA-1 signatures and digests are accepted. Default false.</summary>
    public bool AllowSha1 { get; init; }

    /// <summary>
    /// Whether the assertion itself must be signed. Default true. When false, a signed Response that directly
    /// encloses the assertion is accepted instead.
    /// </summary>
    public bool RequireSignedAssertion { get; init; } = true;

    /// <summary>Replay cache the assertion ID is recorded in.</summary>
    public required IAssertionReplayCache ReplayCache { get; init; }
}
