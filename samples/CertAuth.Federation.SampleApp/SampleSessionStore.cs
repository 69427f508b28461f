using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CertAuth.Federation.SampleApp;

/// <summary>In-memory sessions behind a <c>__Host-</c> cookie (a sample; a real app would use its own session store).</summary>
public sealed class SampleSessionStore
{
    private const string CookieName = "__Host-sample-session";
    private const int MaxSessions = 10_000;
    private readonly ConcurrentDictionary<string, SampleSession> _sessions = new(StringComparer.Ordinal);

    public static string NewId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>The session of this browser, or null.</summary>
    public SampleSession? Find(HttpContext context) =>
        context.Request.Cookies.TryGetValue(CookieName, out var id) && id is not null && _sessions.TryGetValue(id, out var session) ? session : null;

    /// <summary>The session of this browser, created (with its cookie) when it has none.</summary>
    public SampleSession GetOrCreate(HttpContext context)
    {
        if (Find(context) is { } existing)
        {
            return existing;
        }

        if (_sessions.Count >= MaxSessions)
        {
            _sessions.Clear();
        }

        var id = NewId();
        var session = new SampleSession();
        _sessions[id] = session;
        context.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            Secure = true,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            IsEssential = true,
        });
        return session;
    }

    /// <summary>Forgets this browser's session.</summary>
    public void Remove(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(CookieName, out var id) && id is not null)
        {
            _sessions.TryRemove(id, out _);
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { Secure = true, Path = "/" });
    }
}
