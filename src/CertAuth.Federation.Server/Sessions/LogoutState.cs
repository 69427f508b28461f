using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Sessions;

/// <summary>
/// An in-progress single logout: who asked (a SAML relying party's LogoutRequest, or a WS-Federation sign-out), the
/// parties still to log out, the one being logged out now (and the ID of the LogoutRequest sent to it), and the ones
/// that failed. It travels sealed in its own cookie (<see cref="LogoutStateCookie"/>); <see cref="Id"/> is the
/// RelayState of every LogoutRequest we send, so a LogoutResponse must come back with it.
/// </summary>
public sealed record LogoutState
{
    /// <summary>Random; the RelayState sent with each LogoutRequest.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The initiating SAML relying party, or null for a WS-Federation sign-out.</summary>
    [JsonPropertyName("ie")]
    public string? InitiatorEntityId { get; init; }

    /// <summary>The initiating LogoutRequest's ID (the final LogoutResponse's InResponseTo).</summary>
    [JsonPropertyName("ir")]
    public string? InitiatorRequestId { get; init; }

    /// <summary>The initiating request's RelayState, returned unchanged.</summary>
    [JsonPropertyName("is")]
    public string? InitiatorRelayState { get; init; }

    /// <summary>WS-Federation sign-out: the checked <c>wreply</c> to continue to at the end, if any.</summary>
    [JsonPropertyName("wr")]
    public string? Reply { get; init; }

    /// <summary>Parties still to log out, in order.</summary>
    [JsonPropertyName("p")]
    public List<FederationSessionParty> Pending { get; init; } = [];

    /// <summary>WS-Federation parties to clean up (<c>wsignoutcleanup1.0</c>) on the sign-out page.</summary>
    [JsonPropertyName("w")]
    public List<string> WsFederationCleanup { get; init; } = [];

    /// <summary>The party a LogoutRequest was sent to and not yet answered.</summary>
    [JsonPropertyName("c")]
    public string? CurrentParty { get; init; }

    /// <summary>The ID of the LogoutRequest sent to <see cref="CurrentParty"/>.</summary>
    [JsonPropertyName("cr")]
    public string? CurrentRequestId { get; init; }

    /// <summary>Parties whose logout failed or was not answered.</summary>
    [JsonPropertyName("f")]
    public List<string> Failed { get; init; } = [];

    /// <summary>When the logout state expires.</summary>
    [JsonPropertyName("x")]
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>
/// The sealed cookie of an in-progress logout: HttpOnly, Secure, <c>SameSite=None</c> (the relying party's
/// LogoutResponse arrives by a cross-site POST or redirect), path <c>/adfs</c>, its own data-protection purpose,
/// bounded in size, expiring after <see cref="FederationServerOptions.SignInContextLifetime"/>.
/// </summary>
public sealed class LogoutStateCookie(IDataProtectionProvider provider, TimeProvider timeProvider, IOptions<FederationServerOptions> options)
{
    /// <summary>The cookie name.</summary>
    public const string Name = "CertAuthFedLogout";

    private const string Purpose = "CertAuth.Federation.Server.LogoutState.v1";
    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>The lifetime a new state gets.</summary>
    public DateTimeOffset NewExpiry() => timeProvider.GetUtcNow() + options.Value.SignInContextLifetime;

    /// <summary>The state the request carries, or null (missing, altered, expired, not ours).</summary>
    public LogoutState? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Cookies[Name];
        if (string.IsNullOrEmpty(value) || value.Length > FederationSessionCookie.MaxCookieChars)
        {
            return null;
        }

        try
        {
            var state = JsonSerializer.Deserialize<LogoutState>(_protector.Unprotect(value));
            return state is not null && state.ExpiresAt > timeProvider.GetUtcNow() ? state : null;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes the state. When it does not fit the cookie bound, the last pending parties are moved to
    /// <see cref="LogoutState.Failed"/> (reported as a partial logout) until it does.
    /// </summary>
    public LogoutState Write(HttpResponse response, LogoutState state)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(state);
        while (true)
        {
            var value = _protector.Protect(JsonSerializer.Serialize(state));
            if (value.Length <= FederationSessionCookie.MaxCookieChars || state.Pending.Count == 0)
            {
                response.Cookies.Append(Name, value, CookieOptions());
                return state;
            }

            var dropped = state.Pending[^1];
            state = state with { Pending = state.Pending.Take(state.Pending.Count - 1).ToList(), Failed = [.. state.Failed, dropped.EntityId] };
        }
    }

    /// <summary>Clears the cookie.</summary>
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
        Path = FederationSessionCookie.CookiePath,
        IsEssential = true,
    };
}
