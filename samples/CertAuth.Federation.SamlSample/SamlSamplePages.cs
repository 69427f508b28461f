using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace CertAuth.Federation.SamlSample;

/// <summary>The SAML sample's HTML (plain; every value HTML-encoded).</summary>
public static class SamlSamplePages
{
    /// <summary>Signed out: the sign-in link; signed in: NameID, the certificate's serial number and issuer, all claims.</summary>
    public static string Home(ClaimsPrincipal user, AntiforgeryTokenSet? form)
    {
        var body = new StringBuilder();
        if (user.Identity?.IsAuthenticated != true || form is null)
        {
            body.Append("<p id=\"signed-out\">You are not signed in.</p>")
                .Append("<p><a id=\"signin\" href=\"/signin\">Sign in with your certificate (SAML 2.0)</a></p>");
            return Page(body.ToString());
        }

        body.Append("<p>Signed in as <strong id=\"nameid\">").Append(E(user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "?")).Append("</strong></p>")
            .Append("<p>Certificate serial number <code id=\"serialnumber\">").Append(E(user.FindFirst(SamlSampleHost.SerialNumberClaim)?.Value ?? ""))
            .Append("</code>, issuer <code id=\"issuer\">").Append(E(user.FindFirst(SamlSampleHost.IssuerClaim)?.Value ?? "")).Append("</code></p>")
            .Append("<form method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"").Append(E(form.FormFieldName)).Append("\" value=\"")
            .Append(E(form.RequestToken ?? "")).Append("\"><button id=\"signout\" type=\"submit\">Sign out</button></form>")
            .Append("<h2>Claims from the SAML assertion</h2><table id=\"claims\"><tr><th>Claim</th><th>Value</th></tr>");
        foreach (var claim in user.Claims)
        {
            body.Append("<tr><td>").Append(E(claim.Type)).Append("</td><td>").Append(E(claim.Value)).Append("</td></tr>");
        }

        return Page(body.Append("</table>").ToString());
    }

    /// <summary>The ACS refused the response: the validator's typed reason and message.</summary>
    public static string Error(string code, string description) =>
        Page($"<div id=\"message\" class=\"error\"><p>The SAML response was refused.</p><p>Error <code id=\"error-code\">{E(code)}</code>: " +
             $"<span id=\"error-description\">{E(description)}</span></p></div><p><a href=\"/\">Back</a></p>");

    private static string Page(string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>SAML sample</title>" +
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}" +
        "td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;word-break:break-all}.error{color:#a00}</style></head>" +
        "<body><h1>CertAuth SAML sample</h1>" + body + "</body></html>";

    private static string E(string value) => HtmlEncoder.Default.Encode(value);
}
