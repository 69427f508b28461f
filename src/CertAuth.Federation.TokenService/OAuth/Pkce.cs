using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>RFC 7636: only S256; verifier 43-128 unreserved characters (§4.1), challenge = base64url(SHA-256(verifier)).</summary>
internal static class Pkce
{
    public const string S256 = "S256";

    public static bool IsValidVerifier(string? verifier) =>
        verifier is { Length: >= 43 and <= 128 } && verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    /// <summary>A S256 challenge is base64url of 32 bytes: 43 characters.</summary>
    public static bool IsValidChallenge(string? challenge) =>
        challenge is { Length: 43 } && challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string ComputeChallenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>Constant-time comparison of the verifier's challenge with the stored one.</summary>
    public static bool Verify(string verifier, string challenge) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ComputeChallenge(verifier)), Encoding.ASCII.GetBytes(challenge));
}
