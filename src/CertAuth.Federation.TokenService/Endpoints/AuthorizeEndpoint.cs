using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Saml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>GET <c>/oauth2/authorize</c>: bounds and duplicate parameters first (a page), then the handler.</summary>
internal static class AuthorizeEndpoint
{
    private const int MaxQueryLength = 8 * 1024;

    public static async Task<IResult> HandleAsync(HttpContext context, AuthorizeRequestHandler handler, IOptions<TokenServiceOptions> options)
    {
        var request = context.Request;
        if (request.QueryString.Value is { Length: > MaxQueryLength })
        {
            return ErrorPage.Render(context, new(Errors.TokenErrorCode.RequestTooLarge, "The request is too large."));
        }

        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in request.Query)
        {
            if (values.Count != 1)
            {
                // RFC 6749 §3.1: parameters must not be repeated.
                return ErrorPage.Render(context, new(Errors.TokenErrorCode.InvalidRequest, $"The parameter '{(key.Length > 32 ? key[..32] : key)}' is repeated."));
            }

            query[key] = values[0] ?? string.Empty;
        }

        var outcome = await handler.HandleAsync(query, context.RequestAborted);
        return Apply(context, outcome, options.Value);
    }

    internal static IResult Apply(HttpContext context, FlowOutcome outcome, TokenServiceOptions options)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (outcome is FlowOutcome.Redirected { SetBindingCookie: { } value })
        {
            BrowserBindingCookie.Set(context.Response, value, options.PendingRequestLifetime);
        }

        if (outcome.ClearBindingCookie)
        {
            BrowserBindingCookie.Clear(context.Response);
        }

        if (outcome is FlowOutcome.Redirected { IssuedCodeHash: { } codeHash })
        {
            // Remembered for a later sign-out of this browser (issue 14, cleanup).
            context.RequestServices.GetRequiredService<BrowserSessionCookie>().Add(context, codeHash);
        }

        return outcome switch
        {
            FlowOutcome.Refused refused => ErrorPage.Render(context, refused.Error),
            FlowOutcome.Redirected redirected => Results.Redirect(redirected.Url),
            _ => throw new InvalidOperationException("Unknown flow outcome."),
        };
    }
}
