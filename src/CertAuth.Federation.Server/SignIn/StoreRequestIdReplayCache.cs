using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// The request-ID replay cache of the federation server (issue 13): <see cref="IAssertionReplayCache"/> over the
/// federation store's <see cref="IRequestIdReplayStore"/>, so an AuthnRequest or LogoutRequest accepted by one node is
/// refused by every other. Each kind of request has its own <c>scope</c> prefix, so an AuthnRequest and a LogoutRequest
/// that happen to share an ID do not refuse each other. Nothing is evicted early: rows leave when the request's window
/// ends, and a store that cannot be reached throws (503 CAF1302), so the check never fails open.
/// </summary>
internal sealed class StoreRequestIdReplayCache(IRequestIdReplayStore store, string scope) : IAssertionReplayCache
{
    /// <summary>The scope of AuthnRequest IDs (<see cref="SamlSignOnHandler"/>).</summary>
    public const string AuthnRequestScope = "authn";

    /// <summary>The scope of LogoutRequest IDs (<see cref="Sessions.SingleLogoutHandler"/>).</summary>
    public const string LogoutRequestScope = "logout";

    /// <inheritdoc />
    public bool TryAdd(string assertionId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(assertionId);
        return store.TryAdd(scope + "\n" + assertionId, expiresAt);
    }
}
