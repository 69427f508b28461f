using System.Net;
using System.Security.Claims;
using System.Text;
using System.Xml;
using AngleSharp.Html.Parser;

namespace CertAuth.Federation.Testing;

/// <summary>Reads the last page of a sign-in: the auto-POST form (and its SAMLResponse) or the error page.</summary>
internal static class SignInResultReader
{
    private const string Protocol = "urn:oasis:names:tc:SAML:2.0:protocol";
    private const string Assertion = "urn:oasis:names:tc:SAML:2.0:assertion";

    public static SignInResult Read(HttpStatusCode status, string html, Uri pageUrl)
    {
        var document = new HtmlParser().ParseDocument(html);
        var form = document.QuerySelector("form#autopost");
        var samlField = form?.QuerySelector("input[name=SAMLResponse]")?.GetAttribute("value");
        var errorCode = document.QuerySelector("#error-code")?.TextContent.Trim();
        var correlationId = document.QuerySelector("#correlation-id")?.TextContent.Trim();
        if (form is null || string.IsNullOrEmpty(samlField))
        {
            return new SignInResult(status, html, errorCode, correlationId, null, null, [], null, null, null);
        }

        var action = form.GetAttribute("action");
        var postedTo = action is null ? null : new Uri(pageUrl, action);
        var saml = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using (var reader = XmlReader.Create(
            new StringReader(Encoding.UTF8.GetString(Convert.FromBase64String(samlField))),
            new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
        {
            saml.Load(reader);
        }

        var ns = new XmlNamespaceManager(saml.NameTable);
        ns.AddNamespace("samlp", Protocol);
        ns.AddNamespace("saml", Assertion);
        var claims = new List<Claim>();
        foreach (XmlElement attribute in saml.SelectNodes("/samlp:Response/saml:Assertion/saml:AttributeStatement/saml:Attribute", ns)!)
        {
            var type = attribute.GetAttribute("Name");
            foreach (XmlElement value in attribute.SelectNodes("saml:AttributeValue", ns)!)
            {
                claims.Add(new Claim(type, value.InnerText));
            }
        }

        var nameId = saml.SelectSingleNode("/samlp:Response/saml:Assertion/saml:Subject/saml:NameID", ns)?.InnerText;
        var audience = saml.SelectSingleNode("/samlp:Response/saml:Assertion/saml:Conditions/saml:AudienceRestriction/saml:Audience", ns)?.InnerText;
        var issueInstant = saml.SelectSingleNode("/samlp:Response/saml:Assertion/@IssueInstant", ns)?.Value;
        DateTimeOffset? issuedAt = issueInstant is null
            ? null
            : DateTimeOffset.Parse(issueInstant, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        return new SignInResult(status, html, errorCode, correlationId, postedTo, saml, claims, nameId, audience, issuedAt)
        {
            EncodedSamlResponse = samlField,
            RelayState = form.QuerySelector("input[name=RelayState]")?.GetAttribute("value"),
        };
    }
}
