using System.Net;
using System.Text;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.Hardening;

/// <summary>
/// Kestrel and form limits on the real server: oversized headers, bodies, query strings and forms are refused with a
/// 4xx (431, 413, 414 or the CAF1202 page), never a 500, and the server keeps serving.
/// </summary>
public sealed class RequestLimitTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    [Fact]
    public async Task HeadersOverTheLimit_Are431()
    {
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.PublicUrl, "/adfs/probe"));
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 100 * 1024));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task BodyOverTheLimit_IsA4xx_Not500()
    {
        // Expect: 100-continue, as browsers and proxies may send it: the server refuses on the Content-Length alone, so the
        // client never writes the body. Without it the server's answer races the client's upload (the client may see its
        // write fail with a broken pipe before it reads the 413).
        using var client = server.CreateClient(expect100ContinueTimeout: TimeSpan.FromSeconds(30));
        var form = "SAMLRequest=" + new string('A', 600 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.PublicUrl, "/adfs/ls/"))
        {
            Content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task FormOverTheFieldLimits_IsTheRequestInvalidPage_Not500()
    {
        using var client = server.CreateClient();
        foreach (var form in new[] { string.Join('&', Enumerable.Range(0, 100).Select(i => $"f{i}=x")), new string('k', 200) + "=v" })
        {
            using var content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded");
            using var response = await client.PostAsync(new Uri(server.PublicUrl, "/adfs/ls/"), content);
            var page = await SignInPage.ReadAsync(response);

            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.Equal("CAF1202", page.ErrorCode);
        }
    }

    [Fact]
    public async Task QueryStringOverTheLimit_IsA4xx_Not500()
    {
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/?SAMLRequest=" + new string('A', 70 * 1024)));

        Assert.InRange((int)response.StatusCode, 400, 499);
        await AssertStillServingAsync(client);
    }

    private async Task AssertStillServingAsync(HttpClient client)
    {
        using var probe = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/probe"));
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }
}
