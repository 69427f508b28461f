using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CertAuth.Federation.Server.Pages;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.AdminPages;

/// <summary>The real federation server (<see cref="FederationServerHarness"/>) with the admin pages switched on (<c>Federation:EnablePreview</c>).</summary>
public class AdminPagesHarness : FederationServerHarness
{
    public Uri PageUrl => new(PublicUrl, AdminPagesController.Path);

    /// <summary>GETs the page and returns the parsed document with the antiforgery form token and the cookie that goes with it.</summary>
    public Task<AdminPage> GetPageAsync(HttpClient client, string? query = null) => ReadPageAsync(client, new Uri(PageUrl + (query ?? string.Empty)));

    /// <summary>GETs the admin page at <paramref name="url"/> (any server) and parses it.</summary>
    public static async Task<AdminPage> ReadPageAsync(HttpClient client, Uri url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var token = document.QuerySelector("#refresh-all input[name=__RequestVerificationToken]")?.GetAttribute("value");
        var cookie = string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0]).Where(v => v.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal))
            : []);
        return new AdminPage(document, token, cookie);
    }

    /// <summary>
    /// GETs the page until <paramref name="condition"/> holds (bounded: 50 tries, 100 ms apart; the CRL state is written
    /// to the store by the download, which may finish after the response that triggered it) and returns the last page.
    /// </summary>
    public async Task<AdminPage> GetPageUntilAsync(HttpClient client, Func<AdminPage, bool> condition)
    {
        var page = await GetPageAsync(client);
        for (var attempt = 0; attempt < 50 && !condition(page); attempt++)
        {
            await Task.Delay(100);
            page = await GetPageAsync(client);
        }

        return page;
    }

    /// <summary>The query of a (relative) redirect location.</summary>
    public static string QueryOf(Uri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var text = location.OriginalString;
        var at = text.IndexOf('?', StringComparison.Ordinal);
        return at < 0 ? string.Empty : text[at..];
    }

    /// <summary>POSTs a form with the page's antiforgery token and cookie (or without, when <paramref name="page"/> is null).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, Uri url, AdminPage? page, params (string Name, string Value)[] fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (page is not null)
        {
            form.Add(new("__RequestVerificationToken", page.Token!));
            if (page.Cookie.Length > 0)
            {
                request.Headers.Add("Cookie", page.Cookie);
            }
        }

        request.Content = new FormUrlEncodedContent(form);
        return await client.SendAsync(request);
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Federation:EnablePreview"] = "true";
    }
}

/// <summary>A parsed admin page with its antiforgery token and cookie.</summary>
public sealed record AdminPage(IDocument Document, string? Token, string Cookie)
{
    /// <summary>The status table's row for the CRL served at <paramref name="urlEnd"/> (e.g. <c>/issuing.crl</c>).</summary>
    public IElement Row(string urlEnd) =>
        Document.QuerySelectorAll("#crl-status tbody tr").Single(r => r.QuerySelector("td.url")!.TextContent.Trim().EndsWith(urlEnd, StringComparison.Ordinal));

    public static string Cell(IElement row, string name) => row.QuerySelector("td." + name)!.TextContent.Trim();
}
