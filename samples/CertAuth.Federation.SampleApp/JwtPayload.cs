using System.Text;
using System.Text.Json;

namespace CertAuth.Federation.SampleApp;

/// <summary>
/// Decodes a JWT's payload for display. The app received the token directly from the token endpoint over TLS (the
/// code flow's back channel), which is what lets it use the id token without checking its signature (OIDC Core
/// §3.1.3.7); an API receiving access tokens must validate them against the JWKS.
/// </summary>
public static class JwtPayload
{
    public static IReadOnlyList<KeyValuePair<string, string>> Read(string? jwt)
    {
        var parts = jwt?.Split('.');
        if (parts is not { Length: 3 })
        {
            return [];
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return document.RootElement.EnumerateObject()
                .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))
                .ToList();
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return [];
        }
    }
}
