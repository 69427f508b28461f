using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Grants;
using CertAuth.Federation.TokenService.OAuth;
using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>
/// POST <c>/oauth2/token</c>: a bounded form (no repeated parameters, RFC 6749 §3.2), client credentials from HTTP
/// Basic (RFC 6749 §2.3.1, form-urlencoded id and secret) or the form; JSON answers with <c>Cache-Control: no-store</c>.
/// </summary>
internal static class TokenEndpoint
{
    private static readonly Dictionary<string, int> Limits = new(StringComparer.Ordinal)
    {
        ["grant_type"] = 128,
        ["client_id"] = InputLimits.MaxClientIdLength,
        ["client_secret"] = InputLimits.MaxClientSecretLength,
        ["code"] = 128,
        ["redirect_uri"] = InputLimits.MaxRedirectUriLength,
        ["code_verifier"] = InputLimits.MaxCodeVerifierLength,
        ["refresh_token"] = 128,
        ["assertion"] = InputLimits.MaxAssertionLength,
        ["scope"] = InputLimits.MaxScopeLength,
    };

    public static async Task<IResult> HandleAsync(HttpContext context, TokenRequestProcessor processor)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        var (request, error) = await ReadAsync(context);
        if (error is not null)
        {
            return Error(error, basic: false);
        }

        return await processor.ProcessAsync(request!, context.RequestAborted) switch
        {
            GrantResult.Issued issued => Results.Json(issued.Response),
            GrantResult.Refused refused => Error(refused.Error, request!.UsedBasicAuthentication),
            _ => throw new InvalidOperationException("Unknown grant result."),
        };
    }

    private static async Task<(TokenRequest? Request, TokenError? Error)> ReadAsync(HttpContext context)
    {
        var (form, error) = await OAuthForm.ReadAsync(context, Limits, InputLimits.MaxTokenFormBytes);
        if (error is not null)
        {
            return (null, error);
        }

        var grantType = form!.Get("grant_type");
        if (grantType is null)
        {
            return (null, new TokenError(TokenErrorCode.InvalidRequest, "grant_type is required."));
        }

        return (new TokenRequest
        {
            GrantType = grantType,
            ClientId = form.ClientId,
            ClientSecret = form.ClientSecret,
            UsedBasicAuthentication = form.UsedBasicAuthentication,
            Code = form.Get("code"),
            RedirectUri = form.Get("redirect_uri"),
            CodeVerifier = form.Get("code_verifier"),
            RefreshToken = form.Get("refresh_token"),
            Assertion = form.Get("assertion"),
            Scope = form.Get("scope"),
        }, null);
    }

    private static IResult Error(TokenError error, bool basic) => OAuthForm.Error(error, basic, "token");
}
