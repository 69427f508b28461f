using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace CertAuth.Federation.SampleApp;

/// <summary>The sample app's HTML (plain, no layout engine; every value HTML-encoded).</summary>
public static class SamplePages
{
    /// <summary>
    /// The home page: signed out (sign-in link), or the signed-in user, the certificate the session is bound to (from
    /// userinfo), the claims of the cookie session, and the Refresh now / Sign out buttons.
    /// </summary>
    public static string Home(ClaimsPrincipal? user, AuthenticationProperties? properties, AntiforgeryTokenSet? form, SampleMessage? message)
    {
        var body = new StringBuilder();
        if (message is not null)
        {
            body.Append(Message(message));
        }

        if (user?.Identity?.IsAuthenticated != true || form is null)
        {
            body.Append("<p id=\"signed-out\">You are not signed in.</p>")
                .Append("<p><a id=\"signin\" class=\"button\" href=\"/signin\">Sign in with your certificate</a></p>");
            return Page("Sample app", body.ToString());
        }

        string? Find(string type) => user.FindFirst(type)?.Value;
        var upn = Find("upn") ?? Find("preferred_username");
        body.Append("<p>Signed in as <strong id=\"user\">").Append(E(Find("name") ?? upn ?? Find("sub") ?? "?")).Append("</strong>")
            .Append(" (<span id=\"upn\">").Append(E(upn ?? "")).Append("</span>)</p>");

        body.Append("<section id=\"certificate\"><h2>Sign-in certificate</h2>");
        var serial = Find(SampleAppHost.CertificateSerialNumberClaim);
        if (string.IsNullOrEmpty(serial))
        {
            body.Append("<p id=\"certificate-note\">The token service's userinfo named no certificate for this session ")
                .Append("(it keeps one with the refresh token: ask for <code>offline_access</code>).</p>");
        }
        else
        {
            body.Append("<p>This session is bound to the certificate with serial number <code id=\"serialnumber\">").Append(E(serial))
                .Append("</code> issued by <code id=\"issuer\">").Append(E(Find(SampleAppHost.CertificateIssuerClaim) ?? "")).Append("</code>. ")
                .Append("The token service checks it against the CA's CRL at every refresh.</p>");
        }

        body.Append("<p>Authentication methods (<code>amr</code>): <span id=\"amr\">")
            .Append(E(string.Join(' ', user.FindAll("amr").Select(c => c.Value)))).Append("</span></p>");
        body.Append("</section>");

        var expires = properties?.GetTokenValue("expires_at");
        body.Append("<p>Access token valid until <span id=\"access-token-expires\">").Append(E(expires ?? "?")).Append("</span>; ")
            .Append("refresh token <span id=\"has-refresh-token\">")
            .Append(string.IsNullOrEmpty(properties?.GetTokenValue("refresh_token")) ? "absent" : "present").Append("</span>.</p>");

        var hidden = $"<input type=\"hidden\" name=\"{E(form.FormFieldName)}\" value=\"{E(form.RequestToken ?? "")}\">";
        body.Append("<form method=\"post\" action=\"/refresh\">").Append(hidden).Append("<button id=\"refresh\" type=\"submit\">Refresh now</button></form>")
            .Append("<form method=\"post\" action=\"/signout\">").Append(hidden).Append("<button id=\"signout\" type=\"submit\">Sign out</button></form>");

        body.Append("<h2>Claims of this session (id token + userinfo)</h2><table id=\"claims\"><tr><th>Claim</th><th>Value</th></tr>");
        foreach (var claim in user.Claims)
        {
            body.Append("<tr><td>").Append(E(claim.Type)).Append("</td><td>").Append(E(claim.Value)).Append("</td></tr>");
        }

        body.Append("</table>");
        return Page("Sample app", body.ToString());
    }

    /// <summary>An error page with the code and description the token service (or the handler) gave.</summary>
    public static string Error(string title, string? code, string? description) =>
        Page(title, Message(new SampleMessage(false, title, code, description)) + "<p><a href=\"/\">Back</a></p>");

    private static string Message(SampleMessage message) => message.Success
        ? $"<p id=\"message\" class=\"ok\">{E(message.Text)}</p>"
        : $"<div id=\"message\" class=\"error\"><p>{E(message.Text)}</p><p>Error <code id=\"error-code\">{E(message.ErrorCode ?? "")}</code>: " +
          $"<span id=\"error-description\">{E(message.ErrorDescription ?? "")}</span></p></div>";

    private static string Page(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + E(title) + "</title>" +
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}" +
        "td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;word-break:break-all}.error{color:#a00}.ok{color:#060}" +
        "form{display:inline-block;margin-right:1rem}</style></head><body><h1>CertAuth sample app</h1>" + body + "</body></html>";

    private static string E(string value) => HtmlEncoder.Default.Encode(value);
}
