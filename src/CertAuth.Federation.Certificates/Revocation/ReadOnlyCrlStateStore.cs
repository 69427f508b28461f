namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// A CRL state store that reads another but never writes it: a tool that downloads CRLs itself (<c>certauth cert
/// explain</c>, <c>certauth token explain</c>) still refuses a CRL older than one the server has accepted, and leaves
/// the server's CRL status (last fetch, last error, numbers) untouched.
/// </summary>
public sealed class ReadOnlyCrlStateStore(ICrlStateStore inner) : ICrlStateStore
{
    /// <inheritdoc />
    public ValueTask<CrlState?> GetAsync(string authorityId, CancellationToken cancellationToken) => inner.GetAsync(authorityId, cancellationToken);

    /// <inheritdoc />
    public ValueTask SetAsync(string authorityId, CrlState state, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
