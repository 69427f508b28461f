namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>The keys the token service signs with and publishes (issue 13).</summary>
public interface ITokenSigningKeys
{
    /// <summary>The key that signs now.</summary>
    TokenSigningKey Current { get; }

    /// <summary>
    /// Every key published in JWKS now: the current one, the next one (already published before it starts signing) and
    /// the previous ones whose tokens may still be valid. Access tokens are accepted under any of them.
    /// </summary>
    IReadOnlyList<TokenSigningKey> Published { get; }
}

/// <summary>One fixed key (<c>TokenService:JwtSigningCertificate</c>, or a host's own): no rotation.</summary>
public sealed class FixedTokenSigningKeys(TokenSigningKey key) : ITokenSigningKeys
{
    public TokenSigningKey Current { get; } = key ?? throw new ArgumentNullException(nameof(key));

    public IReadOnlyList<TokenSigningKey> Published => [Current];
}

/// <summary>Stored signing keys (<c>TokenService:SigningKeys</c>).</summary>
public sealed class SigningKeyOptions
{
    /// <summary>How often a node re-reads <c>ts_signing_keys</c> to pick up a rotation made elsewhere. Default 1 minute.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);
}
