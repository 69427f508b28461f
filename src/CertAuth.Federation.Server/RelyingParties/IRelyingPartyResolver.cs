namespace CertAuth.Federation.Server.RelyingParties;

/// <summary>Finds an enabled relying-party trust by entity id.</summary>
public interface IRelyingPartyResolver
{
    Task<RelyingPartyTrust?> ResolveAsync(string entityId, CancellationToken cancellationToken);
}
