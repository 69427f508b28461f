using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Saml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>POST <c>/saml2/acs</c> (HTTP-POST binding): a bounded form with SAMLResponse and optional RelayState.</summary>
internal static class AssertionConsumerEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, AssertionConsumer consumer, IOptions<TokenServiceOptions> options)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return ErrorPage.Render(context, new(TokenErrorCode.InvalidRequest, "Expected an HTML form post."));
        }

        if (request.ContentLength is > InputLimits.MaxRequestBodyBytes)
        {
            return ErrorPage.Render(context, new(TokenErrorCode.RequestTooLarge, "The SAML response exceeds the size limit."));
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

        if (form["SAMLResponse"].Count > 1 || form["RelayState"].Count > 1)
        {
            return ErrorPage.Render(context, new(TokenErrorCode.InvalidRequest, "A parameter is repeated."));
        }

        var outcome = await consumer.HandleAsync(form["SAMLResponse"].ToString(), form["RelayState"].Count == 1 ? form["RelayState"].ToString() : null,
            BrowserBindingCookie.Read(request), context.RequestAborted);
        return AuthorizeEndpoint.Apply(context, outcome, options.Value);
    }
}
