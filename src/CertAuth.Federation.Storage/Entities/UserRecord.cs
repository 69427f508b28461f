namespace CertAuth.Federation.Storage.Entities;

/// <summary>A person known to the directory. Certificates map to users by UPN, then by e-mail.</summary>
public sealed class UserRecord
{
    public int Id { get; set; }

    /// <summary>User principal name, stored lower-case (the unique key).</summary>
    public required string Upn { get; set; }

    /// <summary>E-mail address, stored lower-case; used when a certificate carries only an RFC822 name.</summary>
    public string? Email { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>A stable identifier that never changes even if the UPN does.</summary>
    public required string ImmutableId { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Set by "revoke sessions" (shown by <c>user list</c>). The token service checks its own users'
    /// (<see cref="TokenServiceUserRecord"/>) value, which the same command sets for every one with this UPN.
    /// </summary>
    public DateTimeOffset? StsRefreshTokensValidFrom { get; set; }

    public RecordSource Source { get; set; } = RecordSource.Administrator;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
