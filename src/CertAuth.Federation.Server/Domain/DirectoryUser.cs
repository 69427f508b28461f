namespace CertAuth.Federation.Server.Domain;

/// <summary>
/// A person in the federation server's directory, as the sign-in path sees it: immutable, mapped from the store's
/// record at the store boundary (<see cref="StoreDirectoryUserRepository"/>). Certificates map to users by UPN, then e-mail.
/// </summary>
public sealed record DirectoryUser
{
    /// <summary>User principal name (lower-case).</summary>
    public required string Upn { get; init; }

    /// <summary>E-mail address (lower-case), if any.</summary>
    public string? Email { get; init; }

    /// <summary>Display name, if any.</summary>
    public string? DisplayName { get; init; }

    /// <summary>A stable identifier that never changes even if the UPN does.</summary>
    public required string ImmutableId { get; init; }

    /// <summary>A disabled user is refused at sign-in.</summary>
    public bool Enabled { get; init; } = true;
}
