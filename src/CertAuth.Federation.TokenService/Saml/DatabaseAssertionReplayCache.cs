using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.TokenService.Saml;

/// <summary>The replay cache in the database: survives restarts and is shared by every instance (the insert is the arbiter).</summary>
internal sealed class DatabaseAssertionReplayCache(IAssertionReplayStore store) : IAssertionReplayCache
{
    public bool TryAdd(string assertionId, DateTimeOffset expiresAt) => store.TryAdd(assertionId, expiresAt);
}
