namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>The grant types the token endpoint supports.</summary>
public static class GrantTypes
{
    public const string AuthorizationCode = "authorization_code";

    public const string RefreshToken = "refresh_token";

    /// <summary>RFC 7522 §2.1.</summary>
    public const string SamlBearer = "urn:ietf:params:oauth:grant-type:saml2-bearer";

    /// <summary>What a client may use when its record lists none.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowed = [AuthorizationCode, RefreshToken];
}
