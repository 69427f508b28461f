namespace CertAuth.Federation.TokenService.Errors;

/// <summary>A rejection: the stable code, the RFC 6749 error it maps to, and a safe detail (no tokens, no assertions).</summary>
/// <param name="Code">The stable code.</param>
/// <param name="Detail">Short, safe explanation.</param>
public sealed record TokenError(TokenErrorCode Code, string Detail)
{
    /// <summary>The code as shown to clients: <c>CAT</c> followed by the number.</summary>
    public string DisplayCode => "CAT" + ((int)Code).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The RFC 6749 §5.2 / §4.1.2.1 error value.</summary>
    public string OAuthError => TokenErrorCatalog.OAuthErrorFor(Code);

    /// <summary>The <c>error_description</c>: code, then detail.</summary>
    public string Description => $"{DisplayCode}: {Detail}";
}
