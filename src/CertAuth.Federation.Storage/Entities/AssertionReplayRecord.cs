namespace CertAuth.Federation.Storage.Entities;

/// <summary>An accepted SAML assertion ID, remembered until it could no longer be accepted anyway.</summary>
public sealed class AssertionReplayRecord
{
    /// <summary>The assertion's ID (primary key: a second insert of the same ID fails, across processes).</summary>
    public required string AssertionId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
