namespace CertAuth.Federation.Protocols.WsFederation;

/// <summary>A WS-Federation passive request whose parameters passed <see cref="WsFederationRequestValidator"/>.</summary>
public sealed record WsFederationMessage
{
    /// <summary><c>wa</c>: one of the <see cref="WsFederationConstants"/> actions.</summary>
    public required string Action { get; init; }

    /// <summary><c>wtrealm</c>: the relying party's realm (required for sign-in).</summary>
    public string? Realm { get; init; }

    /// <summary><c>wreply</c>: where the answer should go (checked against the trust's endpoints afterwards).</summary>
    public string? Reply { get; init; }

    /// <summary><c>wctx</c>: opaque context to return unchanged (bounded like RelayState).</summary>
    public string? Context { get; init; }

    /// <summary><c>wct</c>: the requestor's current time, when sent.</summary>
    public DateTimeOffset? CurrentTime { get; init; }

    /// <summary><c>whr</c>: the home realm hint (accepted; there is one home realm, certificate sign-in).</summary>
    public string? HomeRealm { get; init; }
}

/// <summary>The outcome of validating a WS-Federation request: a message, or a typed reason with a detail for the log.</summary>
public sealed record WsFederationValidationResult
{
    /// <summary>The validated message; null when refused.</summary>
    public WsFederationMessage? Message { get; init; }

    /// <summary>Why it was refused; null when valid.</summary>
    public WsFederationFailureReason? Reason { get; init; }

    /// <summary>A short, log-safe explanation of the refusal.</summary>
    public string? Detail { get; init; }

    /// <summary>A valid result.</summary>
    public static WsFederationValidationResult Valid(WsFederationMessage message) => new() { Message = message };

    /// <summary>A refusal.</summary>
    public static WsFederationValidationResult Refused(WsFederationFailureReason reason, string detail) => new() { Reason = reason, Detail = detail };
}
