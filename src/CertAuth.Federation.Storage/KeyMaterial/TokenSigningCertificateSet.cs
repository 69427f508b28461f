using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.KeyMaterial;

/// <summary>The rollover state of a stored token-signing certificate at a given moment.</summary>
public enum TokenSigningCertificateState
{
    /// <summary>Signs assertions, responses and metadata.</summary>
    Primary,

    /// <summary>Published in metadata, not signing yet (no promotion time, or one in the future).</summary>
    Secondary,

    /// <summary>Superseded by a later primary; published until the keep period has passed.</summary>
    Retired,

    /// <summary>Superseded and past the keep period (or expired): neither signing nor published.</summary>
    Removed,
}

/// <summary>One certificate with its state at the moment the set was classified.</summary>
public sealed record ClassifiedTokenSigningCertificate(TokenSigningCertificateRecord Record, TokenSigningCertificateState State, DateTimeOffset? RetiredAt);

/// <summary>
/// The rule that turns the stored rows into primary / secondary / retired, the same for the nodes, the CLI and the admin
/// API: the primary is the certificate with the latest promotion time not after <c>now</c>; every earlier promoted one is
/// retired at its successor's promotion time and stays published for the keep period; one with no promotion time or a
/// later one is a secondary (published, not signing). An expired certificate is never published.
/// </summary>
public static class TokenSigningCertificateSet
{
    /// <summary>Every record of <paramref name="records"/> with its state at <paramref name="now"/>, in promotion order (secondaries last).</summary>
    public static IReadOnlyList<ClassifiedTokenSigningCertificate> Classify(IEnumerable<TokenSigningCertificateRecord> records, DateTimeOffset now, TimeSpan retiredKeep)
    {
        ArgumentNullException.ThrowIfNull(records);
        var ordered = records
            .OrderBy(r => r.PromotesAt ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.CreatedAt)
            .ThenBy(r => r.Thumbprint, StringComparer.Ordinal)
            .ToList();
        var promoted = ordered.Where(r => r.PromotesAt is { } at && at <= now).ToList();
        var result = new List<ClassifiedTokenSigningCertificate>(ordered.Count);
        for (var i = 0; i < promoted.Count; i++)
        {
            if (i == promoted.Count - 1)
            {
                result.Add(new(promoted[i], TokenSigningCertificateState.Primary, null));
                continue;
            }

            var retiredAt = promoted[i + 1].PromotesAt!.Value;
            var kept = retiredAt + retiredKeep > now && promoted[i].NotAfter > now;
            result.Add(new(promoted[i], kept ? TokenSigningCertificateState.Retired : TokenSigningCertificateState.Removed, retiredAt));
        }

        foreach (var record in ordered.Where(r => r.PromotesAt is not { } at || at > now))
        {
            result.Add(new(record, record.NotAfter > now ? TokenSigningCertificateState.Secondary : TokenSigningCertificateState.Removed, null));
        }

        return result;
    }
}
