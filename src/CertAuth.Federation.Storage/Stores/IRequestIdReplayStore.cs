namespace CertAuth.Federation.Storage.Stores;

/// <summary>
/// The federation server's durable, cross-node memory of accepted request IDs (AuthnRequest and LogoutRequest; issue 13):
/// table <c>fs_request_id_replay</c>, one row per issuer and request ID until the request's window ends.
/// </summary>
public interface IRequestIdReplayStore
{
    /// <summary>
    /// Records <paramref name="key"/> until <paramref name="expiresAt"/> with one atomic insert-if-absent; false when it is
    /// already recorded (a replay, on this node or another). Throws when the store cannot be reached (the caller answers
    /// 503, never accepts the request unrecorded).
    /// </summary>
    bool TryAdd(string key, DateTimeOffset expiresAt);

    /// <summary>Deletes at most <paramref name="maxRows"/> rows that expired before <paramref name="before"/>; the number deleted.</summary>
    int PurgeExpired(DateTimeOffset before, int maxRows);
}
