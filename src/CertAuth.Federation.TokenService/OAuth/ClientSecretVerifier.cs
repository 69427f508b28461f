using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>
/// Checks a confidential client's secret against its stored hash (<see cref="ClientSecretHasher"/>: PBKDF2-SHA256,
/// 100,000 iterations — tens of milliseconds of CPU) and remembers each secret it accepted, so a client's back end that
/// authenticates on every token, introspection or revocation request pays the key stretching once per process and
/// stored hash instead of on every request.
/// <para>
/// What is remembered: per stored hash string (unique per secret, its salt is random), an HMAC-SHA256 of the accepted
/// secret under a 256-bit key drawn when the process starts and held only in memory — never the secret. A later
/// request for the same stored hash is decided by comparing its secret's HMAC in constant time: equal means the very
/// secret PBKDF2 accepted; different is refused without running PBKDF2 again (one stored hash matches one secret).
/// A new secret has a new stored hash, so an entry never outlives the secret it was made for; a disabled or removed
/// client is refused before its secret is looked at. Secrets that fail are not remembered: each failure against a
/// never-accepted hash runs PBKDF2 (bounded by <c>TokenService:RateLimits:Token</c> per client address).
/// </para>
/// <para>
/// At most <see cref="MaxEntries"/> hashes are remembered; when full the memory is cleared and refills on use. At most
/// half the processors (at least one) run PBKDF2 at once; a check that cannot start within <see cref="QueueTimeout"/>
/// is answered <see cref="SecretCheck.Busy"/> (the caller refuses with CAT90055, retry later), so wrong secrets sent
/// from many addresses cannot take every core, and clients whose secrets are remembered are not slowed by them.
/// </para>
/// </summary>
internal sealed class ClientSecretVerifier
{
    /// <summary>Bound on remembered stored hashes (one per confidential client secret in use).</summary>
    public const int MaxEntries = 10_000;

    /// <summary>How long a check waits for a PBKDF2 slot before it is answered <see cref="SecretCheck.Busy"/>.</summary>
    public static readonly TimeSpan QueueTimeout = TimeSpan.FromSeconds(2);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, byte[]> _accepted = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _stretching;
    private readonly TimeProvider _time;
    private long _stretchings;

    public ClientSecretVerifier(TimeProvider time)
        : this(time, new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount / 2)))
    {
    }

    /// <summary>For tests: the slots PBKDF2 runs in.</summary>
    internal ClientSecretVerifier(TimeProvider time, SemaphoreSlim stretchingSlots)
    {
        _time = time;
        _stretching = stretchingSlots;
    }

    /// <summary>Number of stored hashes remembered (for tests).</summary>
    internal int Count => _accepted.Count;

    /// <summary>How many times PBKDF2 has run in this instance (for tests).</summary>
    internal long Stretchings => Interlocked.Read(ref _stretchings);

    /// <summary>
    /// Whether <paramref name="secret"/> is the secret of <paramref name="storedHash"/>: <see cref="SecretCheck.Refused"/>
    /// for a wrong secret or a malformed hash, <see cref="SecretCheck.Busy"/> when PBKDF2 could not start in time.
    /// </summary>
    public async ValueTask<SecretCheck> VerifyAsync(string secret, string? storedHash, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(storedHash))
        {
            return SecretCheck.Refused;
        }

        var mac = Mac(secret);
        if (Remembered(storedHash, mac) is { } known)
        {
            return known;
        }

        using (var timeout = new CancellationTokenSource(QueueTimeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken))
        {
            try
            {
                await _stretching.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return SecretCheck.Busy;
            }
        }

        try
        {
            // Another request may have verified this secret while this one waited.
            if (Remembered(storedHash, mac) is { } decided)
            {
                return decided;
            }

            Interlocked.Increment(ref _stretchings);
            if (!ClientSecretHasher.Verify(secret, storedHash))
            {
                return SecretCheck.Refused;
            }

            if (_accepted.Count >= MaxEntries)
            {
                _accepted.Clear();
            }

            _accepted[storedHash] = mac;
            return SecretCheck.Accepted;
        }
        finally
        {
            _stretching.Release();
        }
    }

    private SecretCheck? Remembered(string storedHash, byte[] mac) =>
        _accepted.TryGetValue(storedHash, out var remembered)
            ? CryptographicOperations.FixedTimeEquals(mac, remembered) ? SecretCheck.Accepted : SecretCheck.Refused
            : null;

    private byte[] Mac(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        try
        {
            return HMACSHA256.HashData(_key, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}

/// <summary>The outcome of <see cref="ClientSecretVerifier.VerifyAsync"/>.</summary>
internal enum SecretCheck
{
    /// <summary>The secret is the stored hash's secret.</summary>
    Accepted,

    /// <summary>A wrong secret, or a missing or malformed stored hash.</summary>
    Refused,

    /// <summary>PBKDF2 could not start within <see cref="ClientSecretVerifier.QueueTimeout"/>: refuse as throttled.</summary>
    Busy,
}
