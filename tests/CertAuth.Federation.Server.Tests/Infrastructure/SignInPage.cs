using System.Net;
using System.Text;
using System.Xml;
using AngleSharp.Html.Parser;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>What a sign-in returned, parsed the way a browser sees it: an auto-POST form or an error page.</summary>
public sealed class SignInPage
{
    private SignInPage(HttpStatusCode status, string html)
    {
        Status = status;
        Html = html;
        var document = new HtmlParser().ParseDocument(html);
        var form = document.QuerySelector("form#autopost");
        FormAction = form?.GetAttribute("action");
        Fields = form?.QuerySelectorAll("input[type=hidden]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!, StringComparer.Ordinal)
            ?? new Dictionary<string, string>();
        ErrorCode = document.QuerySelector("#error-code")?.TextContent;
        CorrelationId = document.QuerySelector("#correlation-id")?.TextContent;
        Title = document.QuerySelector("h1")?.TextContent;
    }

    public HttpStatusCode Status { get; }

    public string Html { get; }

    public string? FormAction { get; }

    public IReadOnlyDictionary<string, string> Fields { get; }

    public string? ErrorCode { get; }

    public string? CorrelationId { get; }

    public string? Title { get; }

    public static async Task<SignInPage> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, await response.Content.ReadAsStringAsync());

    /// <summary>The posted SAMLResponse as an XML document (whitespace preserved, for signature checks).</summary>
    public XmlDocument SamlResponse()
    {
        Assert.True(Fields.ContainsKey("SAMLResponse"), "The page has no SAMLResponse: " + (ErrorCode ?? Title));
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(Encoding.UTF8.GetString(Convert.FromBase64String(Fields["SAMLResponse"])));
        return document;
    }
}
