using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertAuth.Federation.Farm.Tests.Fixture;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CertAuth.Federation.Farm.Tests;

/// <summary>
/// Issue 13 item 6: a person in chromium signs in through HAProxy, and the sign-in's steps land on different nodes.
/// HAProxy balances every request round-robin with no stickiness, so consecutive requests to a backend alternate its
/// two nodes: the SAML request and the certificate step (two requests in a row to the federation backend, through its
/// two frontends) land on different federation nodes, and authorize and the ACS on different token-service nodes. The
/// test does not trust that reasoning: it reads which node served each step from HAProxy's <c>X-Farm-Node</c> header
/// and asserts the nodes differ — the sealed sign-in context made by one federation node is opened by the other, and the
/// pending request made by one token-service node is consumed by the other.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class BrowserAcrossNodesTests(FarmFixture farm, ITestOutputHelper output)
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task ChromiumSignIn_SamlRequestCertificateStepAndAcs_OnDifferentNodes()
    {
        Assert.True(File.Exists(ChromiumPath), "Debian's chromium is needed (./test.sh installs it).");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        await farm.EnsureAllUpAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        const string password = "farm-test";
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            ClientCertificates =
            [
                new ClientCertificate
                {
                    Origin = farm.CertificateUrl.GetLeftPart(UriPartial.Authority),
                    Pfx = farm.Alice.Export(X509ContentType.Pkcs12, password),
                    Passphrase = password,
                },
            ],
        });
        // Generous: on a busy machine four nodes, HAProxy and chromium share the cores (never a pass/fail on time).
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);

        // The client's redirect URI is not served by anyone: the browser's arrival there is the end of the sign-in.
        await context.RouteAsync(FarmFixture.RedirectUri + "**", route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, Body = "signed in" }));
        var steps = new List<(string Path, int Status, string? Node)>();
        var page = await context.NewPageAsync();
        page.Response += (_, response) =>
        {
            var url = new Uri(response.Url);
            response.Headers.TryGetValue("x-farm-node", out var node);
            lock (steps)
            {
                steps.Add((url.GetLeftPart(UriPartial.Authority) + url.AbsolutePath, response.Status, node));
            }
        };

        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var authorize = new Uri(farm.TokenServiceUrl, "/oauth2/authorize?response_type=code&client_id=" + FarmFixture.ClientId
            + "&redirect_uri=" + Uri.EscapeDataString(FarmFixture.RedirectUri) + "&scope=openid%20offline_access&state=farm"
            + "&code_challenge=" + challenge + "&code_challenge_method=S256");
        await page.GotoAsync(authorize.AbsoluteUri);
        await page.WaitForURLAsync(FarmFixture.RedirectUri + "**");

        string[] snapshot;
        lock (steps)
        {
            snapshot = steps.Select(s => $"{s.Status} {s.Path} [{s.Node}]").ToArray();
        }

        output.WriteLine(string.Join('\n', snapshot));
        var authorizeStep = Step(steps, farm.TokenServiceUrl, "/oauth2/authorize");
        var samlRequest = Step(steps, farm.FederationUrl, "/adfs/ls/");
        var certificateStep = steps.First(s => s.Path.StartsWith(farm.CertificateUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && s.Status == 200);
        var acs = Step(steps, farm.TokenServiceUrl, "/saml2/acs");
        Assert.Equal(302, authorizeStep.Status);
        Assert.Equal(302, samlRequest.Status);
        Assert.True(acs.Status is 302 or 303, "ACS answered " + acs.Status);
        Assert.Contains(samlRequest.Node, new[] { "fed-a", "fed-b" });
        Assert.Contains(certificateStep.Node, new[] { "fed-a", "fed-b" });
        Assert.NotEqual(samlRequest.Node, certificateStep.Node);
        Assert.Contains(authorizeStep.Node, new[] { "ts-a", "ts-b" });
        Assert.NotEqual(authorizeStep.Node, acs.Node);

        // The code the browser brought back is good on the farm (redeemed through HAProxy, on whichever node).
        var code = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["code"];
        Assert.False(string.IsNullOrEmpty(code));
        using var client = farm.CreateClient();
        using var tokens = await client.PostAsync(new Uri(farm.TokenServiceUrl, "/oauth2/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code!,
            ["redirect_uri"] = FarmFixture.RedirectUri,
            ["client_id"] = FarmFixture.ClientId,
            ["code_verifier"] = verifier,
        }));
        Assert.Equal(System.Net.HttpStatusCode.OK, tokens.StatusCode);
        Assert.Contains("refresh_token", await tokens.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var line = $"chromium sign-in through HAProxy: authorize on {authorizeStep.Node}, SAML request on {samlRequest.Node}, "
                   + $"certificate step on {certificateStep.Node}, ACS on {acs.Node}; the code redeemed";
        output.WriteLine(line);
        FarmFigures.Record("Browser sign-in across nodes", line);
    }

    private static (string Path, int Status, string? Node) Step(List<(string Path, int Status, string? Node)> steps, Uri origin, string path)
    {
        lock (steps)
        {
            var target = origin.GetLeftPart(UriPartial.Authority) + path;
            return steps.FirstOrDefault(s => s.Path == target) is { Path: not null } found
                ? found
                : throw new Xunit.Sdk.XunitException($"No response for {target}: {string.Join(", ", steps.Select(s => s.Path))}");
        }
    }
}
