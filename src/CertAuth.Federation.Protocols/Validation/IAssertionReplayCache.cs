namespace CertAuth.Federation.Protocols.Validation;

/// <summary>Remembers accepted assertion IDs until they expire, so that a bearer assertion is accepted once (Profiles §4.1.4.5).</summary>
public interface IAssertionReplayCache
{
    /// <summary>Records <paramref name="assertionId"/> until <paramref name="expiresAt"/>; false when it is already recorded (a replay) or cannot be recorded.</summary>
    bool TryAdd(string assertionId, DateTimeOffset expiresAt);
}
