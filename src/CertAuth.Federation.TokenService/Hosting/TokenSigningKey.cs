using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// The key that signs access and id tokens, with its key id and public JWK: RSA (RS256, what the token service loads
/// or generates) or ECDSA P-256 (ES256, for hosts that construct their own <see cref="TokenServiceKeys"/>).
/// </summary>
public sealed class TokenSigningKey
{
    /// <summary>Wraps <paramref name="rsa"/> for RS256; the key id is the RFC 7638 JWK thumbprint of its public part.</summary>
    public TokenSigningKey(RSA rsa)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        KeyId = Base64UrlEncoder.Encode(new RsaSecurityKey(parameters).ComputeJwkThumbprint());
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(parameters));
        Algorithm = SecurityAlgorithms.RsaSha256;
        SecurityKey = new RsaSecurityKey(rsa) { KeyId = KeyId };
        Credentials = new SigningCredentials(SecurityKey, Algorithm);
        PublicJwk = Publish(jwk);
    }

    /// <summary>Wraps a P-256 <paramref name="ecdsa"/> key for ES256; the key id is the RFC 7638 JWK thumbprint of its public part.</summary>
    public TokenSigningKey(ECDsa ecdsa)
    {
        ArgumentNullException.ThrowIfNull(ecdsa);
        if (ecdsa.KeySize != 256)
        {
            throw new ArgumentException("ES256 needs a P-256 key.", nameof(ecdsa));
        }

        using var publicPart = ECDsa.Create(ecdsa.ExportParameters(includePrivateParameters: false));
        KeyId = Base64UrlEncoder.Encode(new ECDsaSecurityKey(publicPart).ComputeJwkThumbprint());
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(publicPart));
        Algorithm = SecurityAlgorithms.EcdsaSha256;
        SecurityKey = new ECDsaSecurityKey(ecdsa) { KeyId = KeyId };
        Credentials = new SigningCredentials(SecurityKey, Algorithm);
        PublicJwk = Publish(jwk);
    }

    /// <summary>The <c>kid</c> header value.</summary>
    public string KeyId { get; }

    /// <summary>The JWS algorithm: <c>RS256</c> or <c>ES256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The private key, for signing.</summary>
    public AsymmetricSecurityKey SecurityKey { get; }

    /// <summary>Signing credentials for <see cref="Algorithm"/>.</summary>
    public SigningCredentials Credentials { get; }

    /// <summary>The public key as published at <c>/discovery/keys</c>.</summary>
    public JsonWebKey PublicJwk { get; }

    private JsonWebKey Publish(JsonWebKey jwk)
    {
        jwk.Kid = KeyId;
        jwk.Use = "sig";
        jwk.Alg = Algorithm;
        return jwk;
    }
}
