using System.Net;
using System.Text;
using System.Text.Json;

namespace CertAuth.Federation.Testing;

/// <summary>
/// A token endpoint answer (code redemption or refresh): the tokens on success, or the OAuth error
/// (<see cref="Error"/>, e.g. <c>invalid_grant</c>, and <see cref="ErrorDescription"/>, which starts with a stable
/// <c>CAT...</c> code). When the certificate sign-in itself failed, <see cref="SignIn"/> holds the error page.
/// </summary>
public sealed class TokenResult
{
    internal TokenResult(HttpStatusCode status, string json, SignInResult? signIn)
    {
        Status = status;
        Json = json;
        SignIn = signIn;
        if (json.Length == 0)
        {
            return;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        AccessToken = Text(root, "access_token");
        IdToken = Text(root, "id_token");
        RefreshToken = Text(root, "refresh_token");
        Error = Text(root, "error");
        ErrorDescription = Text(root, "error_description");
    }

    /// <summary>True when the answer carries an access token.</summary>
    public bool Succeeded => AccessToken is not null;

    /// <summary>HTTP status of the token endpoint (0 when the sign-in failed before it).</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The raw JSON body (empty when the sign-in failed before the token endpoint).</summary>
    public string Json { get; }

    /// <summary>The certificate sign-in that failed, when it did; null otherwise.</summary>
    public SignInResult? SignIn { get; }

    public string? AccessToken { get; }

    public string? IdToken { get; }

    public string? RefreshToken { get; }

    /// <summary>The OAuth error code (<c>invalid_grant</c>, ...).</summary>
    public string? Error { get; }

    /// <summary>The error description; its first word is the stable code (e.g. <c>CAT2205014</c>).</summary>
    public string? ErrorDescription { get; }

    /// <summary>
    /// The payload of a JWT (<see cref="AccessToken"/> or <see cref="IdToken"/>) as claim name to JSON value, decoded
    /// without validation (validate signatures against the token service's JWKS in real relying-party code).
    /// </summary>
    public static IReadOnlyDictionary<string, JsonElement> ReadJwtPayload(string jwt)
    {
        ArgumentException.ThrowIfNullOrEmpty(jwt);
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException("Not a compact JWS.");
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
