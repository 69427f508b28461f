using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.SingleLogout;

/// <summary>
/// The test federation server with a WS-Federation relying party beside the SAML ones, for the federation sign-in
/// session and single logout.
/// </summary>
public class SingleLogoutServerHarness : FederationServerHarness
{
    public const string WsFedRealm = "urn:test:slo-wsfed-rp";
    public const string WsFedReply = "https://wsfed-rp.test/signin";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Federation:RelyingParties:2:EntityId"] = WsFedRealm;
        settings["Federation:RelyingParties:2:Protocol"] = "WsFederation";
        settings["Federation:RelyingParties:2:WsFedReplyUrls:0"] = WsFedReply;
    }
}

/// <summary>The same server with the certificate listener on another host name (127.0.0.1 beside localhost).</summary>
public sealed class SplitHostServerHarness : SingleLogoutServerHarness
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        var certificateUrl = new Uri(settings["Federation:CertificateSignInUrl"]!);
        settings["Federation:CertificateSignInUrl"] = $"https://127.0.0.1:{certificateUrl.Port}/";
    }
}
