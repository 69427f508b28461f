using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>The RSA key that signs access and id tokens (RS256), with its key id and public JWK.</summary>
public sealed class TokenSigningKey
{
    /// <summary>Wraps <paramref name="rsa"/>; the key id is the RFC 7638 JWK thumbprint of its public part.</summary>
    public TokenSigningKey(RSA rsa)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var publicKey = new RsaSecurityKey(parameters);
        KeyId = Base64UrlEncoder.Encode(publicKey.ComputeJwkThumbprint());
        SecurityKey = new RsaSecurityKey(rsa) { KeyId = KeyId };
        Credentials = new SigningCredentials(SecurityKey, SecurityAlgorithms.RsaSha256);
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(parameters) { KeyId = KeyId });
        jwk.Use = "sig";
        jwk.Alg = SecurityAlgorithms.RsaSha256;
        PublicJwk = jwk;
    }

    /// <summary>The <c>kid</c> header value.</summary>
    public string KeyId { get; }

    /// <summary>The private key, for signing.</summary>
    public RsaSecurityKey SecurityKey { get; }

    /// <summary>RS256 signing credentials.</summary>
    public SigningCredentials Credentials { get; }

    /// <summary>The public key as published at <c>/discovery/keys</c>.</summary>
    public JsonWebKey PublicJwk { get; }
}
