namespace CertAuth.Federation.Storage.Entities;

/// <summary>
/// An accepted request ID (an AuthnRequest's or a LogoutRequest's) of one issuer, remembered by every node of the
/// federation server until the request could no longer pass the IssueInstant window anyway.
/// </summary>
public sealed class RequestIdReplayRecord
{
    /// <summary>
    /// Lowercase hex SHA-256 of the replay key (<c>issuer + "\n" + request ID</c>, or a <c>logout:</c>-prefixed one), so a
    /// row is 64 characters whatever the sender chose. Primary key: a second insert of the same key is the replay.
    /// </summary>
    public required string KeyHash { get; set; }

    /// <summary>When the row may be purged (the end of the request's validity window).</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
