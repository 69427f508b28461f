namespace CertAuth.Federation.TokenService.Domain;

/// <summary>
/// A user of the token service, keyed by (federation trust, subject): the role's own view of a <c>ts_users</c> row,
/// immutable, mapped at the store boundary (<see cref="StoreRepositories"/>). Never a federation-server directory user.
/// </summary>
public sealed record TokenServiceUser
{
    /// <summary>The store's key (0 for a user not yet stored).</summary>
    public int Id { get; init; }

    /// <summary>Entity id of the federation trust that authenticated the user.</summary>
    public required string FederationIssuer { get; init; }

    /// <summary>The subject within that trust.</summary>
    public required string Subject { get; init; }

    /// <summary>The tokens' <c>sub</c>, minted at provisioning (empty before).</summary>
    public required string ObjectId { get; init; }

    /// <summary>User principal name as the trust last sent it.</summary>
    public required string Upn { get; init; }

    /// <summary>E-mail address, if any.</summary>
    public string? Email { get; init; }

    /// <summary>Display name, if any.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The ImmutableID claim as the trust sent it, if any.</summary>
    public string? ImmutableId { get; init; }

    /// <summary>False: token requests for this user are refused.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Sign-ins before this instant yield no more tokens.</summary>
    public DateTimeOffset? StsRefreshTokensValidFrom { get; init; }
}
