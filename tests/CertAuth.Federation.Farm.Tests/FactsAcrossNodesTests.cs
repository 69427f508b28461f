using CertAuth.Federation.Farm.Tests.Fixture;
using CertAuth.Federation.Pki;
using Xunit.Abstractions;

namespace CertAuth.Federation.Farm.Tests;

/// <summary>
/// Issue 13 item 3 with two REAL processes of each role on one PostgreSQL: every cross-request fact is written through
/// one node and checked at the other, each step sent to a node's own port (never HAProxy), so the serving process is
/// known (<see cref="NodeFlows"/>). Admin changes go through the real CLI (<c>certauth.dll</c>, another process) on
/// the farm's store. Changes the nodes pick up on a schedule (CRL refresh requests, the active theme) are polled a
/// bounded number of times, never against a clock, and the poll at which each node honoured the change is printed and
/// recorded in the farm figures.
/// Refresh rotation and reuse across processes is <see cref="ConcurrentRefreshTests"/>.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class FactsAcrossNodesTests(FarmFixture farm, ITestOutputHelper output) : IDisposable
{
    private readonly NodeFlows _flows = new(farm);

    public void Dispose() => _flows.Dispose();

    /// <summary>
    /// A code issued by ts-a's ACS is redeemed at ts-b, then refused at ts-a and at ts-b (<c>CAT54005</c>; the consume is
    /// one conditional update in <c>authorization_codes</c>), and the reuse revokes the refresh token ts-b issued from it.
    /// </summary>
    [Fact]
    public async Task ACodeIssuedThroughA_IsRedeemedAtB_AndRefusedAgainAtA()
    {
        await farm.EnsureAllUpAsync();
        var form = await _flows.SamlResponseAsync(farm.TokenServiceA, farm.FederationA, farm.FederationB, farm.Alice);
        var acs = await _flows.PostAcsAsync(farm.TokenServiceA, form);
        var code = NodeFlows.CodeOf(acs);
        Assert.True(code is not null, $"ACS at ts-a: {acs}");

        var atB = await _flows.RedeemAsync(farm.TokenServiceB, code!, form);
        Assert.True(atB.Status == 200 && NodeFlows.JsonProperty(atB, "access_token") is not null, $"code at ts-b: {atB}");

        var againAtA = await _flows.RedeemAsync(farm.TokenServiceA, code!, form);
        Assert.Equal(400, againAtA.Status);
        Assert.Equal("invalid_grant", NodeFlows.JsonProperty(againAtA, "error"));
        Assert.Equal("CAT54005", againAtA.Code);
        var againAtB = await _flows.RedeemAsync(farm.TokenServiceB, code!, form);
        Assert.Equal(400, againAtB.Status);
        Assert.Equal("invalid_grant", NodeFlows.JsonProperty(againAtB, "error"));
        Assert.Equal("CAT54005", againAtB.Code);

        // The reuse at ts-a revoked what ts-b issued from the code (RFC 9700 §4.4.1): its refresh token is refused at both.
        var issuedAtB = NodeFlows.JsonProperty(atB, "refresh_token")!;
        foreach (var node in new[] { farm.TokenServiceB, farm.TokenServiceA })
        {
            var refresh = await _flows.RefreshAsync(node, issuedAtB);
            Assert.True(refresh.Status == 400 && refresh.Code == "CAT700086", $"ts-b's refresh token at {node.Name} after the code's reuse: {refresh}");
        }

        Report("Single-use authorization code", $"code issued by ts-a's ACS (SAML request at fed-a, certificate step at fed-b): redeemed at ts-b 200; again at ts-a 400 invalid_grant {againAtA.Code}; again at ts-b 400 invalid_grant {againAtB.Code}; the refresh token ts-b issued from it then 400 CAT700086 (revoked) at both nodes");
    }

    /// <summary>
    /// A SAML response accepted at one token-service node's ACS is refused when the same browser posts it to the other
    /// (both directions); its assertion id is in <c>saml_assertion_replay</c>. Posted to both nodes at once, exactly
    /// one accepts: the other is refused by the replay record (<c>CAT50132</c>) or, arriving after the accept, by the
    /// consumed pending request (<c>CAT750054</c>).
    /// </summary>
    [Fact]
    public async Task AnAssertionAcceptedAtOneNode_IsRefusedAtTheOther_BothWays_AndInARace()
    {
        await farm.EnsureAllUpAsync();
        var lines = new List<string>();
        foreach (var (first, second) in new[] { (farm.TokenServiceA, farm.TokenServiceB), (farm.TokenServiceB, farm.TokenServiceA) })
        {
            var form = await _flows.SamlResponseAsync(first, farm.FederationB, farm.FederationA, farm.Alice);
            var browser = _flows.SaveCookies(form.Acs);
            var accepted = await _flows.PostAcsAsync(first, form);
            Assert.True(NodeFlows.CodeOf(accepted) is not null, $"ACS at {first.Name}: {accepted}");
            Assert.True(ReplayRecorded(NodeFlows.AssertionId(form)), "the accepted assertion's id is not in saml_assertion_replay");

            // The replayer has everything the browser had, its binding cookie included (the ACS cleared it on success).
            _flows.RestoreCookies(browser);
            var replayed = await _flows.PostAcsAsync(second, form);
            Assert.True(replayed.Status is >= 400 and < 500 && NodeFlows.CodeOf(replayed) is null, $"replay at {second.Name}: {replayed}");
            Assert.Equal("CAT750054", replayed.Code);
            lines.Add($"accepted at {first.Name} (302 with a code), the same POST at {second.Name}: {replayed.Status} {replayed.Code}");
        }

        const int trials = 6;
        var losers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var trial = 0; trial < trials; trial++)
        {
            var form = await _flows.SamlResponseAsync(farm.TokenServiceA, farm.FederationA, farm.FederationB, farm.Alice);
            var answers = await Task.WhenAll(_flows.PostAcsAsync(farm.TokenServiceA, form), _flows.PostAcsAsync(farm.TokenServiceB, form));
            var won = answers.Where(a => NodeFlows.CodeOf(a) is not null).ToList();
            var lost = answers.Where(a => NodeFlows.CodeOf(a) is null).ToList();
            Assert.True(won.Count == 1, $"trial {trial}: {string.Join(" | ", answers.Select(a => a.ToString()))}");
            Assert.True(lost.Single().Status is >= 400 and < 500, $"trial {trial}: {lost.Single()}");
            Assert.Contains(lost.Single().Code, new[] { "CAT50132", "CAT750054" });
            losers[lost.Single().Code!] = losers.GetValueOrDefault(lost.Single().Code!) + 1;
        }

        lines.Add($"one response posted to ts-a and ts-b at once, {trials} trials: exactly one accepted each time; the other refused "
                  + string.Join(", ", losers.Select(l => $"{l.Key} ×{l.Value}")));
        Report("SAML assertion replay at the token service", string.Join("; ", lines));
    }

    /// <summary>
    /// <c>certauth user revoke-sessions</c> (the real CLI, another process) stamps <c>StsRefreshTokensValidFrom</c> in
    /// the store: refresh tokens minted before it, on either node, are refused at both nodes (<c>CAT50173</c>); a
    /// sign-in after it works. Read per request: no bound beyond the next request.
    /// </summary>
    [Fact]
    public async Task RevokeSessionsByTheCli_RefusesEarlierRefreshTokens_AtBothNodes()
    {
        await farm.EnsureAllUpAsync();
        var mintedAtA = await _flows.SignInAsync(farm.TokenServiceA, farm.FederationA);
        var mintedAtB = await _flows.SignInAsync(farm.TokenServiceB, farm.FederationB);

        // Usable before: each rotated once at the other node.
        var rotatedAtB = await _flows.RefreshAsync(farm.TokenServiceB, mintedAtA);
        Assert.True(rotatedAtB.Status == 200, $"refresh at ts-b before: {rotatedAtB}");
        var rotatedAtA = await _flows.RefreshAsync(farm.TokenServiceA, mintedAtB);
        Assert.True(rotatedAtA.Status == 200, $"refresh at ts-a before: {rotatedAtA}");

        var (exit, cliOutput) = await _flows.CliAsync("user", "revoke-sessions", "alice@contoso.com");
        Assert.True(exit == 0, $"certauth user revoke-sessions: exit {exit}\n{cliOutput}");

        var atA = await _flows.RefreshAsync(farm.TokenServiceA, NodeFlows.JsonProperty(rotatedAtB, "refresh_token")!);
        var atB = await _flows.RefreshAsync(farm.TokenServiceB, NodeFlows.JsonProperty(rotatedAtA, "refresh_token")!);
        foreach (var (node, answer) in new[] { ("ts-a", atA), ("ts-b", atB) })
        {
            Assert.True(answer.Status == 400, $"refresh at {node} after revoke-sessions: {answer}");
            Assert.Equal("invalid_grant", NodeFlows.JsonProperty(answer, "error"));
            Assert.Equal("CAT50173", answer.Code);
        }

        // Only earlier sign-ins are refused: a new one works (polled: the sign-in instant is compared with the stamp).
        var fresh = await NodeFlows.UntilAsync(async () =>
        {
            var token = await _flows.SignInAsync(farm.TokenServiceB, farm.FederationA);
            var refreshed = await _flows.RefreshAsync(farm.TokenServiceA, token);
            return (refreshed.Status == 200, refreshed.ToString());
        }, 150, "a sign-in after revoke-sessions");

        Report("StsRefreshTokensValidFrom (certauth user revoke-sessions)",
            $"refresh tokens minted at ts-a and ts-b (each rotated once at the other node), then the CLI's revoke-sessions: refused at ts-a and at ts-b with 400 invalid_grant CAT50173 at the first request; a new sign-in's refresh token accepted at poll {fresh} after the CLI ended");
    }

    /// <summary>
    /// Trust changes through the real CLI are honoured by both nodes of the role: an OAuth client added then removed
    /// (token service: clients are read per request) and a relying-party trust added then removed (federation server:
    /// relying parties are read per request). Documented bound: the next request; polled for up to 10 s.
    /// </summary>
    [Fact]
    public async Task TrustChangesByTheCli_AreHonouredByBothNodesOfTheRole()
    {
        await farm.EnsureAllUpAsync();
        var bound = TimeSpan.FromSeconds(10);
        const string clientId = "facts-client";
        const string redirect = "http://127.0.0.1/facts-callback";
        const string rp = "https://facts-rp.example/sp";

        async Task<NodeFlows.Answer> AuthorizeAt(FarmNode node) => (await _flows.AuthorizeAsync(node, clientId, redirect)).Answer;
        Task<NodeFlows.Answer> IdpInitiatedAt(FarmNode node) =>
            _flows.GetAsync(new Uri(node.BaseUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(rp)));
        static bool Redirected(NodeFlows.Answer a) => a.Status is 302 or 303;

        foreach (var node in new[] { farm.TokenServiceA, farm.TokenServiceB })
        {
            var before = await AuthorizeAt(node);
            Assert.True(before.Status == 400 && before.Code == "CAT700016", $"{node.Name} before client add: {before}");
        }

        foreach (var node in new[] { farm.FederationA, farm.FederationB })
        {
            var before = await IdpInitiatedAt(node);
            Assert.True(before.Status == 400 && before.Code == "CAF1201", $"{node.Name} before rp add: {before}");
        }

        var figures = new List<string>();
        await CliOk("client", "add", clientId, "--redirect-uri", redirect);
        figures.Add("client add: " + await BothAsync(farm.TokenServiceA, farm.TokenServiceB, AuthorizeAt, Redirected, bound));
        await CliOk("client", "remove", clientId);
        figures.Add("client remove: " + await BothAsync(farm.TokenServiceA, farm.TokenServiceB, AuthorizeAt, a => a is { Status: 400, Code: "CAT700016" }, bound));

        await CliOk("rp", "add", rp, "--acs", "https://facts-rp.example/acs");
        figures.Add("rp add: " + await BothAsync(farm.FederationA, farm.FederationB, IdpInitiatedAt, Redirected, bound));
        await CliOk("rp", "remove", rp);
        figures.Add("rp remove: " + await BothAsync(farm.FederationA, farm.FederationB, IdpInitiatedAt, a => a is { Status: 400, Code: "CAF1201" }, bound));

        Report("Trust changes (certauth client / rp)", "time from the CLI's exit until each node honoured the change — " + string.Join("; ", figures)
            + " (client: authorize 302 to the federation server, after removal 400 CAT700016; relying party: IdP-initiated sign-on 302 to the certificate step, after removal 400 CAF1201)");
    }

    /// <summary>
    /// <c>certauth ca crl-refresh</c> (the real CLI) puts a refresh request in each role's store; every node of both roles
    /// polls for it every <c>CrlRefreshPollInterval</c> (2 s) and downloads the CA's CRLs. Then bob's certificate, revoked
    /// in the newly published CRL, is refused by both federation nodes' certificate step (<c>CAF1005</c>), and the refresh
    /// tokens of his earlier sign-ins (one through each token-service node) are refused by both token-service nodes
    /// (<c>CAT500171</c>: revoked after the sign-in). Before the request every node still accepts him (each keeps its CRLs
    /// until their nextUpdate, days away), so it is the request that each node acted on. Bound: the poll interval plus the
    /// download; polled by a bounded count (300 polls 100 ms apart, each a request).
    /// </summary>
    [Fact]
    public async Task ACrlRefreshByTheCli_MakesBothFederationNodesRefuseANewlyRevokedCertificate_AndBothTokenServiceNodesItsRefreshTokens()
    {
        await farm.EnsureAllUpAsync();
        var bob = farm.Pki.Users["bob"];

        // Before: bob signs in at both federation nodes, and through each token-service node; each refresh token is
        // redeemed once at the other token-service node (both have the current CRLs loaded). alice's token is the control.
        foreach (var node in new[] { farm.FederationA, farm.FederationB })
        {
            var step = await CertificateStepAsync(node, bob);
            Assert.True(step.Status == 200 && step.Body.Contains("SAMLResponse", StringComparison.Ordinal), $"bob at {node.Name} before: {step}");
        }

        var tokens = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal)
        {
            [farm.TokenServiceA.Name] = await _flows.SignInAsync(farm.TokenServiceB, farm.FederationA, bob),
            [farm.TokenServiceB.Name] = await _flows.SignInAsync(farm.TokenServiceA, farm.FederationB, bob),
        };
        var aliceToken = await _flows.SignInAsync(farm.TokenServiceA, farm.FederationB);

        // Redeems bob's token kept for that node there; a success rotates it, so the next poll sends the new one.
        async Task<NodeFlows.Answer> RefreshBobAt(FarmNode node)
        {
            var answer = await _flows.RefreshAsync(node, tokens[node.Name]);
            if (answer.Status == 200)
            {
                tokens[node.Name] = NodeFlows.JsonProperty(answer, "refresh_token")!;
            }

            return answer;
        }

        foreach (var node in new[] { farm.TokenServiceA, farm.TokenServiceB })
        {
            var refresh = await RefreshBobAt(node);
            Assert.True(refresh.Status == 200, $"bob's refresh token at {node.Name} before: {refresh}");
        }

        // A CRL's thisUpdate (the revocation's effective date for the token service) has one-second precision: publish
        // it in a later second than the sign-ins, so that it is after them.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        DevPki.Revoke(farm.Pki.Directory, "bob", TimeProvider.System);

        // Published but not yet asked for: each node keeps the CRLs it holds until their nextUpdate (days away), so
        // bob still passes at all four — it is the refresh request that makes them load the new ones.
        foreach (var node in new[] { farm.FederationA, farm.FederationB })
        {
            var step = await CertificateStepAsync(node, bob);
            Assert.True(step.Status == 200, $"bob at {node.Name} after the CRL was published, before the refresh request: {step}");
        }

        foreach (var node in new[] { farm.TokenServiceA, farm.TokenServiceB })
        {
            var refresh = await RefreshBobAt(node);
            Assert.True(refresh.Status == 200, $"bob's refresh token at {node.Name} after the CRL was published, before the refresh request: {refresh}");
        }

        await CliOk("ca", "crl-refresh");
        var figures = await Task.WhenAll(
            BothAsync(farm.FederationA, farm.FederationB, node => CertificateStepAsync(node, bob), a => a is { Status: 403, Code: "CAF1005" }, Polls),
            BothAsync(farm.TokenServiceA, farm.TokenServiceB, RefreshBobAt, a => a is { Status: 400, Code: "CAT500171" }, Polls));
        foreach (var node in new[] { farm.TokenServiceA, farm.TokenServiceB })
        {
            var again = await _flows.RefreshAsync(node, tokens[node.Name]);
            Assert.True(again.Status == 400 && again.Code == "CAT500171" && NodeFlows.JsonProperty(again, "error") == "invalid_grant", $"bob's refresh token at {node.Name} after: {again}");
        }

        // alice, not revoked, still signs in at both federation nodes and refreshes at both token-service nodes.
        foreach (var node in new[] { farm.FederationA, farm.FederationB })
        {
            var step = await CertificateStepAsync(node, farm.Alice);
            Assert.True(step.Status == 200, $"alice at {node.Name} after: {step}");
        }

        foreach (var node in new[] { farm.TokenServiceB, farm.TokenServiceA })
        {
            var refresh = await _flows.RefreshAsync(node, aliceToken);
            Assert.True(refresh.Status == 200, $"alice's refresh token at {node.Name} after: {refresh}");
            aliceToken = NodeFlows.JsonProperty(refresh, "refresh_token")!;
        }

        Report("CRL refresh request (certauth ca crl-refresh)", $"bob revoked in a newly published CRL (still 200 at both federation nodes and his refresh tokens still redeemed at both token-service nodes, which keep their CRLs until nextUpdate), then the CLI's crl-refresh: the poll (100 ms apart, from the CLI's exit) at which each node refused him — federation 403 CAF1005: {figures[0]}; token service 400 invalid_grant CAT500171: {figures[1]}; alice still 200 at all four");
    }

    /// <summary>
    /// <c>certauth theme set-active fabrikam</c> (the real CLI) writes the active theme into the federation store; both
    /// federation nodes' error pages (an IdP-initiated sign-on to an unknown relying party: 400 <c>CAF1201</c>, themed
    /// with the active theme) show fabrikam within <c>Themes:ActiveCacheLifetime</c> (1 s for a farm node,
    /// scripts/farm-node.env), and <c>set-active default</c> brings both back. Polled by a bounded count (300 polls
    /// 100 ms apart, each a request).
    /// </summary>
    [Fact]
    public async Task AThemeSwitchByTheCli_IsServedByBothFederationNodesErrorPages_AndSwitchingBackRestores()
    {
        await farm.EnsureAllUpAsync();
        Task<NodeFlows.Answer> ErrorPageAt(FarmNode node) =>
            _flows.GetAsync(new Uri(node.BaseUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString("https://facts-no-such-rp.example/")));
        static Func<NodeFlows.Answer, bool> Themed(string theme, string company) => a =>
            a is { Status: 400, Code: "CAF1201" } && a.Body.Contains($"data-theme=\"{theme}\"", StringComparison.Ordinal) && a.Body.Contains(company, StringComparison.Ordinal);
        var fabrikam = Themed("fabrikam", "Fabrikam, Inc.");
        var standard = Themed("default", "CertAuth Federation Service");

        foreach (var node in new[] { farm.FederationA, farm.FederationB })
        {
            var before = await ErrorPageAt(node);
            Assert.True(standard(before), $"{node.Name} before the switch: {before} {before.Body[..Math.Min(before.Body.Length, 600)]}");
        }

        try
        {
            await CliOk("theme", "set-active", "fabrikam");
            var switched = await BothAsync(farm.FederationA, farm.FederationB, ErrorPageAt, fabrikam, Polls);
            await CliOk("theme", "set-active", "default");
            var restored = await BothAsync(farm.FederationA, farm.FederationB, ErrorPageAt, standard, Polls);
            Report("Theme switch (certauth theme set-active)", $"the poll (100 ms apart, from the CLI's exit; Themes:ActiveCacheLifetime 1 s) at which each federation node's CAF1201 page showed the new theme — set-active fabrikam: {switched}; set-active default: {restored}");
        }
        finally
        {
            // The other tests' pages expect the default theme, whatever happened above.
            await _flows.CliAsync("theme", "set-active", "default");
        }
    }

    /// <summary>An IdP-initiated sign-on to the token service at <paramref name="node"/>, then its certificate step there with <paramref name="user"/>.</summary>
    private async Task<NodeFlows.Answer> CertificateStepAsync(FarmNode node, System.Security.Cryptography.X509Certificates.X509Certificate2 user)
    {
        var start = await _flows.GetAsync(new Uri(node.BaseUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString("https://localhost:44301/")));
        Assert.True(start.Status is 302 or 303 && start.Location is not null, $"IdP-initiated sign-on at {node.Name}: {start}");
        return await _flows.CertificateStepAsync(node, start.Location!, user);
    }

    /// <summary>The poll bound of the schedule-driven facts: generous in count (the machine may be loaded), never a time.</summary>
    private const int Polls = 300;

    /// <summary>Polls both nodes until each answers as <paramref name="holds"/> says, at most one poll per 100 ms of <paramref name="bound"/>; "a at poll 1, b at poll 2".</summary>
    private static Task<string> BothAsync(FarmNode a, FarmNode b, Func<FarmNode, Task<NodeFlows.Answer>> ask, Func<NodeFlows.Answer, bool> holds, TimeSpan bound) =>
        BothAsync(a, b, ask, holds, (int)(bound.TotalMilliseconds / 100));

    /// <summary>Polls both nodes at once until each answers as <paramref name="holds"/> says, at most <paramref name="attempts"/> polls each; "a at poll 3, b at poll 5".</summary>
    private static async Task<string> BothAsync(FarmNode a, FarmNode b, Func<FarmNode, Task<NodeFlows.Answer>> ask, Func<NodeFlows.Answer, bool> holds, int attempts)
    {
        var times = await Task.WhenAll(new[] { a, b }.Select(async node => (node.Name, Polls: await NodeFlows.UntilAsync(async () =>
        {
            var answer = await ask(node);
            return (holds(answer), answer.ToString());
        }, attempts, node.Name))));
        return string.Join(", ", times.Select(t => $"{t.Name} at poll {t.Polls}"));
    }

    private async Task CliOk(params string[] arguments)
    {
        var (exit, text) = await _flows.CliAsync(arguments);
        Assert.True(exit == 0, $"certauth {string.Join(' ', arguments)}: exit {exit}\n{text}");
    }

    private bool ReplayRecorded(string assertionId)
    {
        using var db = farm.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT count(*) FROM saml_assertion_replay WHERE \"AssertionId\" = @id";
        command.Parameters.AddWithValue("id", assertionId);
        return (long)command.ExecuteScalar()! == 1;
    }

    private void Report(string section, string line)
    {
        output.WriteLine(line);
        FarmFigures.Record("Facts across real nodes: " + section, line);
    }
}
