using System.Net;

namespace CertAuth.Federation.LoadDriver;

/// <summary>
/// Certificate sign-in: the IdP-initiated URL on the federation server gives a 302 to the certificate listener with
/// a sealed context (fetched once per worker; it stays valid for the context lifetime); each measured operation is
/// the certificate step — TLS with alice's certificate, chain/CRL/user checks, a signed SAML Response in an auto-POST
/// form — over a new connection per request ("handshake") or a kept-alive one ("keepalive").
/// </summary>
public static class SignInScenario
{
    public static async Task<LoadRun.Result> RunAsync(DriverOptions options, Tls tls, ServerMemory server)
    {
        var keepAlive = options.Mode == "keepalive";
        using var federation = new HttpClient(tls.CreateHandler(withClientCertificate: false, keepAlive: true, connections: 4));
        using var certificateClient = new HttpClient(tls.CreateHandler(withClientCertificate: true, keepAlive, options.Concurrency))
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var start = new Uri(options.FederationUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(options.RelyingParty));

        return await LoadRun.RunAsync(options, async _ =>
        {
            using var redirect = await federation.GetAsync(start);
            if (redirect.StatusCode != HttpStatusCode.Redirect || redirect.Headers.Location is not { } location)
            {
                throw new InvalidOperationException($"{start} answered {(int)redirect.StatusCode}, not a redirect to the certificate listener.");
            }

            return new Uri(start, location);
        }, async certificateUrl =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, certificateUrl);
            if (!keepAlive)
            {
                request.Headers.ConnectionClose = true;
            }

            using var response = await certificateClient.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return response.StatusCode != HttpStatusCode.OK ? $"HTTP {(int)response.StatusCode}"
                : !body.Contains("name=\"SAMLResponse\"", StringComparison.Ordinal) ? "200 without a SAMLResponse form"
                : null;
        }, server);
    }
}
