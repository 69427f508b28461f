using CertAuth.Federation.Server.SignIn;

namespace CertAuth.Federation.Server.Explain;

/// <summary>The verdict of one step of an explained sign-in.</summary>
public enum ExplanationVerdict
{
    /// <summary>The step passed.</summary>
    Pass = 0,

    /// <summary>The step refuses the certificate (the sign-in's error is the first such step's, in sign-in order).</summary>
    Fail = 1,

    /// <summary>The step was not evaluated (an earlier step decides, or it does not apply).</summary>
    Skipped = 2,
}

/// <summary>One step of the sign-in as the explainer walked it.</summary>
/// <param name="Name">Stable step name: chain, validity, key-policy, eku, issuer-constraints, revocation, user, claims.</param>
/// <param name="Verdict">Pass, fail or skipped.</param>
/// <param name="Detail">What the step found, for people (no key material, no tokens).</param>
public sealed record ExplanationStep(string Name, ExplanationVerdict Verdict, string Detail);

/// <summary>One certificate of the chain (leaf first) and whether the server trusts it as a CA.</summary>
/// <param name="Role">client, intermediate CA, root CA, or issuer (a CA the chain could not reach).</param>
/// <param name="Subject">The certificate's subject (for a missing issuer: the name the chain stopped at).</param>
/// <param name="Thumbprint">SHA-1 thumbprint (null for a missing issuer).</param>
/// <param name="AuthorityId">The configured trusted CA's id, when this certificate is one.</param>
/// <param name="Trusted">For CAs: configured as trusted; null for the client certificate.</param>
/// <param name="Reason">Why (configured as root/intermediate CA, or not configured / not found).</param>
public sealed record ChainLinkExplanation(string Role, string Subject, string? Thumbprint, string? AuthorityId, bool? Trusted, string Reason);

/// <summary>The revocation check of one certificate against its issuing CA's CRL, with that CRL's facts.</summary>
/// <param name="AuthorityId">The CA whose CRL decides.</param>
/// <param name="CertificateRole">The role of the checked certificate (client or intermediate CA).</param>
/// <param name="SerialNumber">The checked certificate's serial number (hex).</param>
/// <param name="Status">Good, Revoked, Unknown or NotChecked.</param>
/// <param name="CrlUrl">The base CRL's URL (null when the CA has none).</param>
/// <param name="CrlNumber">The base CRL's number (decimal), when it carries one.</param>
/// <param name="ThisUpdate">The base CRL's thisUpdate.</param>
/// <param name="NextUpdate">The base CRL's nextUpdate.</param>
/// <param name="AgeSeconds">Seconds since the base CRL's thisUpdate, by the server's clock.</param>
/// <param name="Entries">Entries on the base CRL.</param>
/// <param name="DeltaCrlNumber">The delta CRL's number, when the CA publishes one.</param>
/// <param name="DeltaEntries">Entries on the delta CRL.</param>
/// <param name="RevokedAt">The revocation date, when revoked.</param>
/// <param name="UsedGracePeriod">True when an expired CRL within the CA's grace period decided.</param>
/// <param name="Problem">Why the status is unknown or not checked (CRL error code and detail).</param>
public sealed record CrlCheckExplanation(
    string AuthorityId,
    string CertificateRole,
    string SerialNumber,
    string Status,
    string? CrlUrl,
    string? CrlNumber,
    DateTimeOffset? ThisUpdate,
    DateTimeOffset? NextUpdate,
    long? AgeSeconds,
    int? Entries,
    string? DeltaCrlNumber,
    int? DeltaEntries,
    DateTimeOffset? RevokedAt,
    bool UsedGracePeriod,
    string? Problem);

/// <summary>The outcome a real sign-in would get: success, or the error code, its HTTP status and the page it shows.</summary>
/// <param name="WouldSignIn">True when the sign-in would issue a token.</param>
/// <param name="ErrorCode">The stable code, e.g. CAF1005 (null on success).</param>
/// <param name="HttpStatus">The error page's HTTP status (null on success).</param>
/// <param name="Category">certificate, account, request or service (null on success).</param>
/// <param name="PageTextKey">The theme text key of the error page's title, e.g. CAF1005.title (null on success).</param>
/// <param name="Theme">The theme the page would use: the relying party's, or null for the active theme.</param>
/// <param name="Detail">The technical reason (what the page shows when Federation:ShowErrorDetails is true).</param>
public sealed record SignInOutcomeExplanation(
    bool WouldSignIn, string? ErrorCode, int? HttpStatus, string? Category, string? PageTextKey, string? Theme, string? Detail);

/// <summary>
/// "Explain this certificate" (issue 15): every step of a certificate sign-in with its verdict, computed by the
/// sign-in's own code without signing anyone in. Free of CLI and HTTP concerns (the CLI, the admin page and an admin API
/// render it).
/// </summary>
public sealed record CertificateExplanation
{
    /// <summary>The certificate's subject.</summary>
    public required string Subject { get; init; }

    /// <summary>The certificate's issuer.</summary>
    public required string Issuer { get; init; }

    /// <summary>Serial number (hex).</summary>
    public required string SerialNumber { get; init; }

    /// <summary>SHA-1 thumbprint.</summary>
    public required string Thumbprint { get; init; }

    /// <summary>NotBefore (UTC).</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>NotAfter (UTC).</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>When the explanation was made, by the server's clock.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The relying party asked about (null: none chosen, no claims step).</summary>
    public string? RelyingParty { get; init; }

    /// <summary>The chain as the validator built it, leaf first.</summary>
    public required IReadOnlyList<ChainLinkExplanation> Chain { get; init; }

    /// <summary>The steps in sign-in order.</summary>
    public required IReadOnlyList<ExplanationStep> Steps { get; init; }

    /// <summary>The CRL check of each certificate whose issuer is a configured CA.</summary>
    public required IReadOnlyList<CrlCheckExplanation> Revocation { get; init; }

    /// <summary>The directory user the certificate maps to (also when the sign-in is refused for another reason).</summary>
    public string? User { get; init; }

    /// <summary>The field that found the user: SanUpn, SanRfc822 or SubjectEmail.</summary>
    public string? MappedBy { get; init; }

    /// <summary>The value of that field.</summary>
    public string? MappedValue { get; init; }

    /// <summary>The claims the relying party would receive (null without a relying party or a user).</summary>
    public IReadOnlyList<IssuedClaim>? Claims { get; init; }

    /// <summary>What the sign-in would answer.</summary>
    public required SignInOutcomeExplanation Outcome { get; init; }
}
