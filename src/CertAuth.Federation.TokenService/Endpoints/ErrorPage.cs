using System.Text.Encodings.Web;
using CertAuth.Federation.TokenService.Errors;
using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>The plain error page for people (before a redirect_uri is validated, and at the ACS): code and a short text.</summary>
internal static class ErrorPage
{
    public static IResult Render(TokenError error, string correlationId)
    {
        var encoder = HtmlEncoder.Default;
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head>
            <body><h1>Sign-in could not be completed</h1>
            <p>{encoder.Encode(error.Detail)}</p>
            <p>Error code: <code>{encoder.Encode(error.DisplayCode)}</code> ({encoder.Encode(error.OAuthError)})<br>Correlation id: <code>{encoder.Encode(correlationId)}</code></p>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
    }
}
