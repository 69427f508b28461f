using System.Text;
using System.Text.Encodings.Web;

namespace CertAuth.Federation.SampleApp;

/// <summary>The sample app's HTML (plain, no layout engine; every value HTML-encoded).</summary>
public static class SamplePages
{
    private const string SerialNumberClaim = "http://schemas.microsoft.com/ws/2008/06/identity/claims/serialnumber";

    public static string Home(SampleSession? session)
    {
        var body = new StringBuilder();
        if (session?.Message is { } message)
        {
            body.Append(Message(message));
        }

        if (session?.AccessToken is null)
        {
            body.Append("<p id=\"signed-out\">You are not signed in.</p>")
                .Append("<p><a id=\"signin\" class=\"button\" href=\"/signin\">Sign in with your certificate</a></p>");
            return Page("Sample app", body.ToString());
        }

        var access = JwtPayload.Read(session.AccessToken);
        var id = JwtPayload.Read(session.IdToken);
        var name = Find(id, "name") ?? Find(access, "name");
        var upn = Find(access, "upn") ?? Find(id, "upn");
        body.Append("<p>Signed in as <strong id=\"user\">").Append(E(name ?? upn ?? Find(access, "sub") ?? "?")).Append("</strong>")
            .Append(" (<span id=\"upn\">").Append(E(upn ?? "")).Append("</span>)</p>");

        var serial = Find(access, "serialnumber") ?? Find(access, SerialNumberClaim) ?? Find(id, "serialnumber") ?? Find(id, SerialNumberClaim);
        var issuer = Find(access, "cert_issuer") ?? Find(id, "cert_issuer");
        body.Append("<section id=\"certificate\"><h2>Sign-in certificate</h2>");
        if (serial is null)
        {
            body.Append("<p id=\"certificate-note\">The token service does not put the certificate's <code>serialnumber</code> ")
                .Append("and <code>issuer</code> claims in its access or id tokens: it keeps them with the refresh token and ")
                .Append("checks them against the CA's CRL at every refresh (see <em>Refresh now</em>). ")
                .Append("What the tokens carry about the sign-in: <code>amr</code> = <span id=\"amr\">")
                .Append(E(Find(access, "amr") ?? "(none)")).Append("</span>, <code>idp</code> = <span id=\"idp\">")
                .Append(E(Find(access, "idp") ?? "(none)")).Append("</span>.</p>");
        }
        else
        {
            body.Append("<p>Serial number <code id=\"serialnumber\">").Append(E(serial)).Append("</code>, issuer <code id=\"issuer\">")
                .Append(E(issuer ?? "")).Append("</code></p>");
        }

        body.Append("</section>");
        body.Append("<form method=\"post\" action=\"/refresh\"><input type=\"hidden\" name=\"form_token\" value=\"")
            .Append(E(session.FormToken)).Append("\"><button id=\"refresh\" type=\"submit\">Refresh now</button></form>")
            .Append("<form method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"form_token\" value=\"")
            .Append(E(session.FormToken)).Append("\"><button id=\"signout\" type=\"submit\">Sign out</button></form>");
        body.Append(ClaimsTable("Access token claims", "claims-access-token", access));
        body.Append(ClaimsTable("ID token claims", "claims-id-token", id));
        return Page("Sample app", body.ToString());
    }

    public static string Error(string title, string? code, string? description) =>
        Page(title, Message(new SampleMessage(false, title, code, description)) + "<p><a href=\"/\">Back</a></p>");

    private static string Message(SampleMessage message) => message.Success
        ? $"<p id=\"message\" class=\"ok\">{E(message.Text)}</p>"
        : $"<div id=\"message\" class=\"error\"><p>{E(message.Text)}</p><p>Error <code id=\"error-code\">{E(message.ErrorCode ?? "")}</code>: " +
          $"<span id=\"error-description\">{E(message.ErrorDescription ?? "")}</span></p></div>";

    private static string ClaimsTable(string title, string id, IReadOnlyList<KeyValuePair<string, string>> claims)
    {
        var html = new StringBuilder($"<h2>{E(title)}</h2><table id=\"{id}\"><tr><th>Claim</th><th>Value</th></tr>");
        foreach (var (type, value) in claims)
        {
            html.Append("<tr><td>").Append(E(type)).Append("</td><td>").Append(E(value)).Append("</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static string? Find(IReadOnlyList<KeyValuePair<string, string>> claims, string type) =>
        claims.FirstOrDefault(c => string.Equals(c.Key, type, StringComparison.Ordinal)).Value;

    private static string Page(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + E(title) + "</title>" +
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}" +
        "td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;word-break:break-all}.error{color:#a00}.ok{color:#060}" +
        "form{display:inline-block;margin-right:1rem}</style></head><body><h1>CertAuth sample app</h1>" + body + "</body></html>";

    private static string E(string value) => HtmlEncoder.Default.Encode(value);
}
