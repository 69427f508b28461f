using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>
/// The cookie that binds a pending sign-in to the browser that started it: random value (its hash is stored with the
/// request), HttpOnly, Secure, SameSite=None (the federation server's response arrives by cross-site POST), host-only.
/// </summary>
internal static class BrowserBindingCookie
{
    public const string Name = "__Host-certauth-ts-signin";

    public static void Set(HttpResponse response, string value, TimeSpan lifetime) =>
        response.Cookies.Append(Name, value, Options(lifetime));

    public static void Clear(HttpResponse response) => response.Cookies.Delete(Name, Options(TimeSpan.Zero));

    public static string? Read(HttpRequest request) => request.Cookies.TryGetValue(Name, out var value) ? value : null;

    private static CookieOptions Options(TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.None,
        Path = "/",
        MaxAge = lifetime > TimeSpan.Zero ? lifetime : null,
        IsEssential = true,
    };
}
