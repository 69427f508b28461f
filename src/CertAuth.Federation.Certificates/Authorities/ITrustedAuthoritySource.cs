namespace CertAuth.Federation.Certificates.Authorities;

/// <summary>Supplies the admin-configured trusted CAs (the server implements it over its database).</summary>
public interface ITrustedAuthoritySource
{
    /// <summary>Returns the current set of trusted CAs.</summary>
    ValueTask<IReadOnlyList<TrustedCertificateAuthority>> GetAuthoritiesAsync(CancellationToken cancellationToken);
}
