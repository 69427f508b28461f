namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>Persists <see cref="CrlState"/> per CA id (the server implements it in its database).</summary>
public interface ICrlStateStore
{
    /// <summary>Returns the state of a CA, or null if none was stored.</summary>
    ValueTask<CrlState?> GetAsync(string authorityId, CancellationToken cancellationToken);

    /// <summary>Stores the state of a CA.</summary>
    ValueTask SetAsync(string authorityId, CrlState state, CancellationToken cancellationToken);
}
