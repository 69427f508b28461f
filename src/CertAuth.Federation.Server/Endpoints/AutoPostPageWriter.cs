using System.Text;
using System.Text.Encodings.Web;
using CertAuth.Federation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CertAuth.Federation.Server.Endpoints;

/// <summary>
/// Writes the auto-POST page (SAML Response, WS-Fed wresult, logout messages, session hand-off) without the Razor
/// pipeline: the markup of <c>Views/SignIn/AutoPost.cshtml</c> inside the themed layout
/// (<c>src/CertAuth.Federation.Web/Views/Shared/_Layout.cshtml</c>), element for element, every value HTML-encoded with
/// <see cref="HtmlEncoder.Default"/> (the encoder Razor uses) except a field value made only of base64 characters,
/// which is written as it is (<see cref="AppendAttributeValue"/>). The page has no inline script (the form is submitted by
/// <c>/adfs/portal/autopost.js</c>), so the caller's strict CSP needs no nonce. A theme with its own Razor views keeps
/// the Razor page (<see cref="PageChrome.HasViewOverrides"/>); the themed error pages are always Razor.
/// </summary>
public static class AutoPostPageWriter
{
    /// <summary>The page's HTML.</summary>
    public static string Write(AutoPostModel form, PageChrome? chrome)
    {
        ArgumentNullException.ThrowIfNull(form);
        var e = HtmlEncoder.Default;
        var texts = chrome?.Texts;
        var company = chrome?.CompanyName;
        var title = texts?.Find("autopost.title") ?? "Signing you in";
        var html = new StringBuilder(1024 + form.Fields.Sum(f => f.Key.Length + f.Value.Length + 48));
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(e.Encode(texts?.Locale ?? "en"))
            .Append("\" dir=\"").Append(e.Encode(texts?.Direction ?? "ltr")).Append("\">\n<head>\n")
            .Append("    <meta charset=\"utf-8\" />\n")
            .Append("    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
            .Append("    <meta name=\"referrer\" content=\"no-referrer\" />\n")
            .Append("    <meta name=\"robots\" content=\"noindex\" />\n")
            .Append("    <title>").Append(e.Encode(title)).Append(e.Encode(string.IsNullOrEmpty(company) ? "" : " – " + company)).Append("</title>\n");
        if (chrome?.LogoUrl is { } logo)
        {
            html.Append("    <link rel=\"icon\" href=\"").Append(e.Encode(logo)).Append("\" />\n");
        }

        foreach (var stylesheet in chrome?.Stylesheets ?? [])
        {
            html.Append("    <link rel=\"stylesheet\" href=\"").Append(e.Encode(stylesheet)).Append("\" />\n");
        }

        html.Append("</head>\n<body");
        if (chrome?.ThemeName is { } theme)
        {
            html.Append(" data-theme=\"").Append(e.Encode(theme)).Append('"');
        }

        html.Append(">\n    <header class=\"brand\">\n");
        if (chrome?.LogoUrl is { } logoImage)
        {
            html.Append("        <img class=\"logo\" src=\"").Append(e.Encode(logoImage)).Append('"');
            if ((texts?.Find("page.logo-alt") ?? company) is { } alt)
            {
                // As Razor: an attribute whose value is null is left out.
                html.Append(" alt=\"").Append(e.Encode(alt)).Append('"');
            }

            html.Append(" />\n");
        }

        if (!string.IsNullOrEmpty(company))
        {
            html.Append("        <span class=\"company\" dir=\"auto\">").Append(e.Encode(company)).Append("</span>\n");
        }

        html.Append("    </header>\n    <main class=\"card\">\n")
            .Append("<h1>").Append(e.Encode(texts?.Find("autopost.heading") ?? "Signing you in…")).Append("</h1>\n")
            .Append("<form method=\"post\" action=\"").Append(e.Encode(form.Action)).Append("\" id=\"autopost\">\n");
        foreach (var field in form.Fields)
        {
            html.Append("        <input type=\"hidden\" name=\"").Append(e.Encode(field.Key))
                .Append("\" value=\"");
            AppendAttributeValue(html, field.Value, e);
            html.Append("\" />\n");
        }

        html.Append("    <p>").Append(e.Encode(texts?.Find("autopost.hint") ?? "If nothing happens, select Continue.")).Append("</p>\n")
            .Append("    <button type=\"submit\">").Append(e.Encode(texts?.Find("autopost.continue") ?? "Continue")).Append("</button>\n")
            .Append("</form>\n<script src=\"/adfs/portal/autopost.js\"></script>\n    </main>\n");
        if (chrome?.ScriptUrl is { } script)
        {
            html.Append("    <script src=\"").Append(e.Encode(script)).Append("\"></script>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>
    /// A double-quoted attribute value. A value made only of base64 characters (a SAMLResponse, SAMLRequest or
    /// hand-off value: <c>A–Z a–z 0–9 + / =</c>, none of which can end or escape a quoted attribute) is written as it is —
    /// HtmlEncoder would turn every <c>+</c>, <c>/</c> and <c>=</c> of an ~8 KB value into a character reference, the
    /// same text to the browser at several times the bytes. Any other value is encoded.
    /// </summary>
    internal static void AppendAttributeValue(StringBuilder html, string value, HtmlEncoder encoder)
    {
        if (value.AsSpan().IndexOfAnyExcept(Base64Characters) < 0)
        {
            html.Append(value);
        }
        else
        {
            html.Append(encoder.Encode(value));
        }
    }

    private static readonly System.Buffers.SearchValues<char> Base64Characters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
}

/// <summary>The auto-POST page as an action result (<see cref="AutoPostPageWriter"/>); headers (CSP, no-store) are the caller's.</summary>
internal sealed class AutoPostPageResult(AutoPostModel form, PageChrome? chrome) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = Encoding.UTF8.GetBytes(AutoPostPageWriter.Write(form, chrome));
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.HttpContext.RequestAborted).AsTask();
    }
}
