using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Saml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>
/// <c>/wsfed</c>: POST is the WS-Federation passive answer (a bounded form with <c>wa</c>, <c>wresult</c> and
/// <c>wctx</c>); GET takes only <c>wa=wsignoutcleanup1.0</c>, the image a federation server's signed-out page loads to
/// end this service's browser state.
/// </summary>
internal static class WsFederationEndpoint
{
    public const string Path = "/wsfed";

    /// <summary>A transparent 1×1 GIF: the answer to the cleanup image.</summary>
    private static readonly byte[] CleanupImage = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// <summary>
    /// GET <c>/wsfed?wa=wsignoutcleanup1.0</c>: clears the browser-binding cookie of any pending sign-in, ends what this
    /// browser signed in to (<see cref="BrowserSessionCleanup"/>: the refresh-token families and unredeemed codes listed
    /// in its sealed session cookie; nothing by principal name — the image is unauthenticated) and answers the image, not
    /// cacheable — also when the cookie is missing, tampered or foreign (then nothing is revoked). Any other GET is
    /// refused with a themed page.
    /// </summary>
    public static async Task<IResult> HandleCleanup(HttpContext context, BrowserSessionCleanup cleanup)
    {
        var wa = context.Request.Query["wa"];
        if (wa.Count != 1 || !string.Equals(wa.ToString(), "wsignoutcleanup1.0", StringComparison.Ordinal))
        {
            return ErrorPage.Render(context, new(TokenErrorCode.InvalidRequest, "Only wa=wsignoutcleanup1.0 is accepted here by GET."));
        }

        BrowserBindingCookie.Clear(context.Response);
        await cleanup.EndAsync(context, "wsignoutcleanup1.0");
        context.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(CleanupImage, "image/gif");
    }

    public static async Task<IResult> HandleAsync(HttpContext context, AssertionConsumer consumer, IOptions<TokenServiceOptions> options)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return ErrorPage.Render(context, new(TokenErrorCode.InvalidRequest, "Expected an HTML form post."));
        }

        if (request.ContentLength is > InputLimits.MaxRequestBodyBytes)
        {
            return ErrorPage.Render(context, new(TokenErrorCode.RequestTooLarge, "The wresult exceeds the size limit."));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return ErrorPage.Render(context, new(TokenErrorCode.RequestTooLarge, "The form exceeds the size limits."));
        }

        if (form["wa"].Count > 1 || form["wresult"].Count > 1 || form["wctx"].Count > 1)
        {
            return ErrorPage.Render(context, new(TokenErrorCode.InvalidRequest, "A parameter is repeated."));
        }

        var outcome = await consumer.HandleWsFederationAsync(
            form["wa"].Count == 1 ? form["wa"].ToString() : null,
            form["wresult"].Count == 1 ? form["wresult"].ToString() : null,
            form["wctx"].Count == 1 ? form["wctx"].ToString() : null,
            BrowserBindingCookie.Read(request),
            context.RequestAborted);
        return AuthorizeEndpoint.Apply(context, outcome, options.Value);
    }
}
