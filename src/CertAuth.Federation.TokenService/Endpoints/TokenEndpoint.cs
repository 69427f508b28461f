using System.Net.Http.Headers;
using System.Text;
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
        var http = context.Request;
        if (!HttpMethods.IsPost(http.Method) || !http.HasFormContentType)
        {
            return (null, new TokenError(TokenErrorCode.InvalidRequest, "Expected a form POST."));
        }

        if (http.ContentLength is > InputLimits.MaxTokenFormBytes)
        {
            return (null, new TokenError(TokenErrorCode.RequestTooLarge, "The request is too large."));
        }

        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return (null, new TokenError(TokenErrorCode.RequestTooLarge, "The request exceeds the form limits."));
        }

        foreach (var (key, values) in form)
        {
            if (values.Count > 1)
            {
                return (null, new TokenError(TokenErrorCode.InvalidRequest, "A parameter is repeated."));
            }

            if (Limits.TryGetValue(key, out var max) && values[0]!.Length > max)
            {
                return (null, new TokenError(TokenErrorCode.RequestTooLarge, $"The parameter '{key}' is too long."));
            }
        }

        string? Get(string name) => form.TryGetValue(name, out var v) && v.Count == 1 && v[0]!.Length > 0 ? v[0] : null;
        var (basicId, basicSecret, basicError) = ReadBasic(http);
        if (basicError is not null)
        {
            return (null, basicError);
        }

        if (basicId is not null && (Get("client_secret") is not null || (Get("client_id") is { } formId && formId != basicId)))
        {
            return (null, new TokenError(TokenErrorCode.InvalidRequest, "Use one client authentication method only."));
        }

        var grantType = Get("grant_type");
        if (grantType is null)
        {
            return (null, new TokenError(TokenErrorCode.InvalidRequest, "grant_type is required."));
        }

        return (new TokenRequest
        {
            GrantType = grantType,
            ClientId = basicId ?? Get("client_id"),
            ClientSecret = basicSecret ?? Get("client_secret"),
            UsedBasicAuthentication = basicId is not null,
            Code = Get("code"),
            RedirectUri = Get("redirect_uri"),
            CodeVerifier = Get("code_verifier"),
            RefreshToken = Get("refresh_token"),
            Assertion = Get("assertion"),
            Scope = Get("scope"),
        }, null);
    }

    private static (string? Id, string? Secret, TokenError? Error) ReadBasic(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, null);
        }

        try
        {
            var raw = header.Parameter is { Length: <= 1024 } p ? Encoding.UTF8.GetString(Convert.FromBase64String(p)) : null;
            var colon = raw?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (colon <= 0)
            {
                return (null, null, new TokenError(TokenErrorCode.InvalidClientSecret, "Malformed Basic credentials."));
            }

            return (Uri.UnescapeDataString(raw![..colon].Replace('+', ' ')), Uri.UnescapeDataString(raw[(colon + 1)..].Replace('+', ' ')), null);
        }
        catch (FormatException)
        {
            return (null, null, new TokenError(TokenErrorCode.InvalidClientSecret, "Malformed Basic credentials."));
        }
    }

    private static IResult Error(TokenError error, bool basic)
    {
        var body = new Dictionary<string, string> { ["error"] = error.OAuthError, ["error_description"] = error.Description };
        if (error.OAuthError == "invalid_client")
        {
            return basic
                ? new ChallengeResult(body)
                : Results.Json(body, statusCode: StatusCodes.Status401Unauthorized);
        }

        return Results.Json(body, statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>RFC 6749 §5.2: 401 with a Basic challenge when the client tried HTTP Basic.</summary>
    private sealed class ChallengeResult(Dictionary<string, string> body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"token\"";
            return Results.Json(body, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(httpContext);
        }
    }
}
