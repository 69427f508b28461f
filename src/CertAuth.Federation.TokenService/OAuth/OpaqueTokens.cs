using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>Opaque bearer values (refresh tokens, codes, browser binding): 256 random bits, base64url; stored as SHA-256 only.</summary>
internal static class OpaqueTokens
{
    /// <summary>Length of a generated value (43 base64url characters).</summary>
    public const int Length = 43;

    public static string New() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>Upper-case hex SHA-256 of the value's UTF-8 bytes.</summary>
    public static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Whether <paramref name="value"/> has the shape of a generated value (cheap rejection before any look-up).</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: Length } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
