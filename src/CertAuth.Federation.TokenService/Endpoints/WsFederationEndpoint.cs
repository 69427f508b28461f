using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Saml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>POST <c>/wsfed</c>: the WS-Federation passive answer (a bounded form with <c>wa</c>, <c>wresult</c> and <c>wctx</c>).</summary>
internal static class WsFederationEndpoint
{
    public const string Path = "/wsfed";

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
