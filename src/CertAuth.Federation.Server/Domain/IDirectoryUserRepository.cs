namespace CertAuth.Federation.Server.Domain;

/// <summary>The directory look-ups of a certificate sign-in. UPN and e-mail look-ups are case-insensitive.</summary>
public interface IDirectoryUserRepository
{
    /// <summary>The user with this UPN, or null.</summary>
    Task<DirectoryUser?> FindByUpnAsync(string upn, CancellationToken cancellationToken = default);

    /// <summary>The one user with this e-mail address; null when none or when it is ambiguous.</summary>
    Task<DirectoryUser?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);
}
