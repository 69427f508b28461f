namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>A parsed, length-bounded token request (RFC 6749 §4.1.3, §6; RFC 7522 §2.1). Nothing here is trusted yet.</summary>
public sealed class TokenRequest
{
    public required string GrantType { get; init; }

    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    /// <summary>Whether the client authenticated with HTTP Basic (errors then answer 401 with a challenge).</summary>
    public bool UsedBasicAuthentication { get; init; }

    public string? Code { get; init; }

    public string? RedirectUri { get; init; }

    public string? CodeVerifier { get; init; }

    public string? RefreshToken { get; init; }

    public string? Assertion { get; init; }

    public string? Scope { get; init; }
}
