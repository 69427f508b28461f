namespace CertAuth.Federation.Storage.Entities;

/// <summary>
/// One of the token service's JWT signing keys (issue 13, table <c>ts_signing_keys</c>), shared by every node of the role.
/// The key that signs is the one with the latest <see cref="ActivatesAt"/> not in the future; a key stops signing when
/// its successor activates and stays published in JWKS until no token it signed can still be valid. Rows are never
/// updated: a rotation only adds one, so nodes that read the table at different moments never disagree on history.
/// </summary>
public sealed class SigningKeyRecord
{
    /// <summary>The <c>kid</c>: the RFC 7638 JWK thumbprint of the public key.</summary>
    public required string KeyId { get; set; }

    /// <summary>The JWS algorithm (<c>RS256</c>).</summary>
    public required string Algorithm { get; set; }

    /// <summary>The public key (SubjectPublicKeyInfo, DER).</summary>
    public required byte[] PublicKey { get; set; }

    /// <summary>The PKCS#8 private key, protected by the role's data protection (keys in the same database, encrypted at rest with the configured certificate).</summary>
    public required string ProtectedPrivateKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the key starts signing; before that it is already published (so that JWKS caches know it).</summary>
    public DateTimeOffset ActivatesAt { get; set; }

    /// <summary>Who added it (<c>startup</c>, <c>import</c> or the CLI user).</summary>
    public string? CreatedBy { get; set; }
}
