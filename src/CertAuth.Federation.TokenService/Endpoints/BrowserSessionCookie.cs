using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>
/// The token service's browser session (issue 14, cleanup): the hashes (the values stored as
/// <c>AuthorizationCodeHash</c>) of the last <see cref="MaxEntries"/> authorization codes the ACS issued to this browser
/// after a federated sign-in, sealed with data protection (purpose <see cref="Purpose"/>), so that a sign-out reaching
/// this browser — the WS-Federation cleanup image, the federation server's LogoutRequest, <c>/oauth2/logout</c> — ends
/// exactly what this browser signed in to (see <see cref="OAuth.BrowserSessionCleanup"/>). HttpOnly, Secure,
/// SameSite=None (the cleanup image is loaded cross-site from the federation server's signed-out page, the ACS answer
/// arrives by cross-site POST), host-only with path <c>/</c> (the <c>__Host-</c> prefix requires it; the endpoints that
/// read it are under <c>/wsfed</c> and <c>/oauth2/logout</c>), lifetime = <c>TokenService:RefreshTokenAbsoluteLifetime</c>
/// (no family outlives it). A cookie that is too long, tampered, sealed by another purpose or key ring, or malformed is
/// ignored — never an exception.
/// </summary>
internal sealed class BrowserSessionCookie(IDataProtectionProvider dataProtection, IOptions<TokenServiceOptions> options, ILogger<BrowserSessionCookie> logger)
{
    public const string Name = "__Host-certauth-ts-session";

    /// <summary>The data-protection purpose of the cookie (no other sealed value opens with it).</summary>
    public const string Purpose = "CertAuth.Federation.TokenService.BrowserSession.v1";

    /// <summary>At most this many codes are remembered; the oldest is dropped first.</summary>
    public const int MaxEntries = 16;

    /// <summary>A longer cookie value is ignored unread (16 entries seal to about 800 characters).</summary>
    public const int MaxValueLength = 2048;

    private const byte FormatVersion = 1;
    private const int HashBytes = 32;

    private IDataProtector Protector => dataProtection.CreateProtector(Purpose);

    /// <summary>The code hashes (upper-case hex) this browser's cookie lists, oldest first; empty when there is none or it is not ours.</summary>
    public IReadOnlyList<string> Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
        {
            return [];
        }

        if (value.Length > MaxValueLength)
        {
            logger.BrowserSessionCookieIgnored("too long");
            return [];
        }

        byte[] payload;
        try
        {
            payload = Protector.Unprotect(WebEncoders.Base64UrlDecode(value));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            logger.BrowserSessionCookieIgnored("not sealed by this service");
            return [];
        }

        if (payload.Length < 1 || payload[0] != FormatVersion || (payload.Length - 1) % HashBytes != 0 || (payload.Length - 1) / HashBytes > MaxEntries)
        {
            logger.BrowserSessionCookieIgnored("unknown format");
            return [];
        }

        var hashes = new List<string>((payload.Length - 1) / HashBytes);
        for (var offset = 1; offset < payload.Length; offset += HashBytes)
        {
            hashes.Add(Convert.ToHexString(payload, offset, HashBytes));
        }

        return hashes;
    }

    /// <summary>Adds <paramref name="codeHash"/> (upper-case hex SHA-256) to this browser's cookie, dropping the oldest beyond <see cref="MaxEntries"/>.</summary>
    public void Add(HttpContext context, string codeHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(codeHash);
        var hashes = Read(context.Request).Where(h => !string.Equals(h, codeHash, StringComparison.Ordinal)).ToList();
        hashes.Add(codeHash);
        if (hashes.Count > MaxEntries)
        {
            hashes.RemoveRange(0, hashes.Count - MaxEntries);
        }

        var payload = new byte[1 + (hashes.Count * HashBytes)];
        payload[0] = FormatVersion;
        for (var i = 0; i < hashes.Count; i++)
        {
            Convert.FromHexString(hashes[i]).CopyTo(payload, 1 + (i * HashBytes));
        }

        var value = WebEncoders.Base64UrlEncode(Protector.Protect(payload));
        context.Response.Cookies.Append(Name, value, CookieOptions(options.Value.RefreshTokenAbsoluteLifetime));
    }

    /// <summary>Deletes the cookie when the request carried one.</summary>
    public static void Clear(HttpContext context)
    {
        if (context.Request.Cookies.ContainsKey(Name))
        {
            context.Response.Cookies.Delete(Name, CookieOptions(TimeSpan.Zero));
        }
    }

    private static CookieOptions CookieOptions(TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.None,
        Path = "/",
        MaxAge = lifetime > TimeSpan.Zero ? lifetime : null,
        IsEssential = true,
    };
}
