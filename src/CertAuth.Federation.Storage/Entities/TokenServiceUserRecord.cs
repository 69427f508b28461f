namespace CertAuth.Federation.Storage.Entities;

/// <summary>
/// A user of the token service (the relying-party role), keyed by the federation trust that authenticated it and the
/// subject that trust names — never by UPN alone, and never one of the federation server's directory users
/// (<see cref="UserRecord"/>, table <c>users</c>): a second trusted federation server sending the same UPN gets its own
/// record. The UPN is kept as an attribute (it is what the tokens' <c>upn</c> claim carries).
/// </summary>
public sealed class TokenServiceUserRecord
{
    public int Id { get; set; }

    /// <summary>Entity id of the federation trust that authenticated the user (part of the unique key).</summary>
    public required string FederationIssuer { get; set; }

    /// <summary>The subject within that trust: the ImmutableID claim, else the persistent NameID, else the UPN (part of the unique key).</summary>
    public required string Subject { get; set; }

    /// <summary>A stable, unique identifier minted at provisioning: the tokens' <c>sub</c>.</summary>
    public required string ObjectId { get; set; }

    /// <summary>User principal name as the trust last sent it, lower-case (not unique: one per trust).</summary>
    public required string Upn { get; set; }

    public string? Email { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>The ImmutableID claim as the trust sent it, if any.</summary>
    public string? ImmutableId { get; set; }

    /// <summary>False: token requests for this user are refused (<c>certauth user disable</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sign-ins before this instant yield no more tokens (<c>certauth user revoke-sessions</c>).</summary>
    public DateTimeOffset? StsRefreshTokensValidFrom { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
