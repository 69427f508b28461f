using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Sessions;

/// <summary>
/// Reads and writes the federation sign-in session cookie: HttpOnly, Secure, <c>SameSite=None</c> (a relying party's
/// cross-site POST or redirect to <c>/adfs/ls/</c> carries it), path <c>/adfs</c>, host-only, no Expires (a browser
/// session cookie; the sealed content carries its own expiry). The content is sealed with ASP.NET Core data protection
/// under its own purpose string; the key ring is the farm's (in the database), so every node opens it. Bounded: at most
/// <see cref="FederationServerOptions.MaxSessionParties"/> parties and <see cref="MaxCookieChars"/> characters — the
/// oldest parties are dropped first. A cookie that is missing, altered, expired or not ours reads as no session.
/// </summary>
public sealed class FederationSessionCookie(IDataProtectionProvider provider, TimeProvider timeProvider, IOptions<FederationServerOptions> options)
{
    /// <summary>The cookie name.</summary>
    public const string Name = "CertAuthFedSession";

    /// <summary>The cookie path: every federation endpoint, nothing else on the host.</summary>
    public const string CookiePath = "/adfs";

    /// <summary>Largest sealed value written (browsers keep at least 4096 bytes per cookie, name and attributes included).</summary>
    public const int MaxCookieChars = 3800;

    private const string Purpose = "CertAuth.Federation.Server.FederationSession.v1";
    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>The session the request carries, or null.</summary>
    public FederationSession? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Unprotect(request.Cookies[Name]);
    }

    /// <summary>Opens a sealed session value; null when missing, too long, altered, expired or not ours.</summary>
    public FederationSession? Unprotect(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxCookieChars)
        {
            return null;
        }

        try
        {
            var session = JsonSerializer.Deserialize<FederationSession>(_protector.Unprotect(value));
            return session is not null && session.ExpiresAt > timeProvider.GetUtcNow() ? session : null;
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

    /// <summary>
    /// The session after <paramref name="party"/> received a token for <paramref name="user"/>: a different user starts a
    /// new session; the party's earlier entry is replaced; then the oldest entries go until the bounds hold.
    /// </summary>
    public FederationSession Add(FederationSession? current, string user, FederationSessionParty party)
    {
        ArgumentNullException.ThrowIfNull(party);
        var parties = current is not null && string.Equals(current.User, user, StringComparison.OrdinalIgnoreCase)
            ? current.Parties.Where(p => !string.Equals(p.EntityId, party.EntityId, StringComparison.Ordinal)).ToList()
            : [];
        parties.Add(party);
        var maxParties = Math.Max(1, options.Value.MaxSessionParties);
        while (parties.Count > maxParties)
        {
            parties.RemoveAt(0);
        }

        return new FederationSession { User = user, Parties = parties, ExpiresAt = timeProvider.GetUtcNow() + options.Value.SessionLifetime };
    }

    /// <summary>The sealed value of <paramref name="session"/>, dropping the oldest parties until it fits; null when even one party does not.</summary>
    public string? Protect(FederationSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var parties = session.Parties.ToList();
        while (parties.Count > 0)
        {
            var value = _protector.Protect(JsonSerializer.Serialize(session with { Parties = parties }));
            if (value.Length <= MaxCookieChars)
            {
                return value;
            }

            parties.RemoveAt(0);
        }

        return null;
    }

    /// <summary>Writes <paramref name="session"/> (or clears the cookie when it has no party left or does not fit).</summary>
    public void Write(HttpResponse response, FederationSession? session)
    {
        ArgumentNullException.ThrowIfNull(response);
        var value = session is null || session.Parties.Count == 0 ? null : Protect(session);
        if (value is null)
        {
            Clear(response);
            return;
        }

        response.Cookies.Append(Name, value, CookieOptions());
    }

    /// <summary>Clears the cookie (an expired, empty value with the same attributes).</summary>
    public void Clear(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(Name, CookieOptions());
    }

    private static CookieOptions CookieOptions() => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.None,
        Path = CookiePath,
        IsEssential = true,
    };

}
