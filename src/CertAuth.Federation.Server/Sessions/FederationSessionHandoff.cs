using System.Text.Json;
using CertAuth.Federation.Server.Endpoints;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Sessions;

/// <summary>
/// The hop through the public listener when the certificate listener has another host name. Cookies are not isolated
/// by port (RFC 6265 §8.5), so when both listeners share the host the certificate listener sets the session cookie
/// itself; with two host names its cookie would not reach the public listener, so its answer is instead an auto-POST
/// to <c>{PublicUrl}/adfs/ls/session</c> carrying this sealed hand-off (the party, the user, the token form), where the
/// public listener records the session under its own origin and posts the token on. Sealed under its own purpose,
/// expiring after <see cref="FederationServerOptions.SignInContextLifetime"/>.
/// </summary>
public sealed class FederationSessionHandoff(IDataProtectionProvider provider, TimeProvider timeProvider, IOptions<FederationServerOptions> options)
{
    /// <summary>The public listener's endpoint that takes the hand-off.</summary>
    public const string Path = "/adfs/ls/session";

    /// <summary>The form field carrying it.</summary>
    public const string Field = "handoff";

    private const string Purpose = "CertAuth.Federation.Server.FederationSessionHandoff.v1";
    private const int MaxProtectedLength = 256 * 1024;
    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>True when the session cookie can be set by the certificate listener directly (same host name).</summary>
    public bool SameHost
    {
        get
        {
            var settings = options.Value;
            return string.Equals(settings.PublicUrl.IdnHost, settings.CertificateSignInUrl.IdnHost, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The auto-POST form to the public listener carrying the sealed hand-off.</summary>
    public AutoPostModel CreateForm(string user, FederationSessionParty party, AutoPostModel tokenForm, string? theme)
    {
        var value = new Payload(user, party, tokenForm.Action, tokenForm.Fields.Select(f => new[] { f.Key, f.Value }).ToList(), theme, timeProvider.GetUtcNow() + options.Value.SignInContextLifetime);
        var target = new Uri(options.Value.PublicUrl, Path).AbsoluteUri;
        return new AutoPostModel(target, [new(Field, _protector.Protect(JsonSerializer.Serialize(value)))]);
    }

    /// <summary>Opens a hand-off: the user, the party, the token form and its theme; null when altered, expired or not ours.</summary>
    public (string User, FederationSessionParty Party, AutoPostModel Form, string? Theme)? Open(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxProtectedLength)
        {
            return null;
        }

        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(value));
            if (payload is null || payload.ExpiresAt <= timeProvider.GetUtcNow() || payload.Fields.Any(f => f.Length != 2))
            {
                return null;
            }

            return (payload.User, payload.Party, new AutoPostModel(payload.Action, payload.Fields.Select(f => new KeyValuePair<string, string>(f[0], f[1])).ToList()), payload.Theme);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed record Payload(string User, FederationSessionParty Party, string Action, List<string[]> Fields, string? Theme, DateTimeOffset ExpiresAt);
}
