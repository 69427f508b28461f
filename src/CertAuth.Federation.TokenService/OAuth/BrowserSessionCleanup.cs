using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>
/// Ends what this browser signed in to (issue 14, cleanup): reads the sealed <see cref="BrowserSessionCookie"/>,
/// deletes the listed authorization codes not yet redeemed (a later redemption is <c>invalid_grant</c>), revokes every
/// refresh-token family that came from a listed code, clears the cookie, and logs one line with counts only (event
/// 3120). The cleanup image is unauthenticated, so nothing is revoked by principal name: a request without this
/// browser's cookie revokes nothing, and one browser can never end another browser's sign-ins. The work is bounded
/// by the cookie (at most <see cref="BrowserSessionCookie.MaxEntries"/> codes) and uses the
/// <c>AuthorizationCodeHash</c> and <c>FamilyId</c> indexes. It is not cancelled by the browser going away.
/// </summary>
internal sealed class BrowserSessionCleanup(
    BrowserSessionCookie cookie,
    IRefreshTokenStore refreshTokens,
    IAuthorizationCodeStore codes,
    TimeProvider clock,
    ILogger<BrowserSessionCleanup> logger)
{
    /// <summary>Ends this browser's sign-ins (see the class); <paramref name="trigger"/> names the sign-out for the log and the revocation reason.</summary>
    public async Task<int> EndAsync(HttpContext context, string trigger)
    {
        var hashes = cookie.Read(context.Request);
        BrowserSessionCookie.Clear(context);
        if (hashes.Count == 0)
        {
            return 0;
        }

        var withdrawn = await codes.DeleteUnredeemedAsync(hashes, CancellationToken.None);
        var (families, count) = await refreshTokens.RevokeByAuthorizationCodesAsync(hashes, "sign-out cleanup (" + trigger + ")", clock.GetUtcNow(), CancellationToken.None);
        logger.BrowserSessionEnded(trigger, hashes.Count, withdrawn, families, count);
        return count;
    }
}
