using System.Text.Json.Serialization;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>A successful token response (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3).</summary>
public sealed class TokenResponse
{
    [JsonPropertyName("access_token")]
    public required string AccessToken { get; init; }

    [JsonPropertyName("token_type")]
    public string TokenType { get; init; } = "Bearer";

    [JsonPropertyName("expires_in")]
    public required int ExpiresIn { get; init; }

    [JsonPropertyName("refresh_token")]
    public required string RefreshToken { get; init; }

    [JsonPropertyName("id_token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IdToken { get; init; }

    [JsonPropertyName("scope")]
    public required string Scope { get; init; }
}
