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

    public const string RedirectRp = "urn:test:slo-redirect";
    public const string RedirectAcs = "https://slo-redirect.test/acs";
    public const string RedirectSlo = "https://slo-redirect.test/slo";
    public const string PostRp = "urn:test:slo-post";
    public const string PostAcs = "https://slo-post.test/acs";
    public const string PostSlo = "https://slo-post.test/slo";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Federation:RelyingParties:2:EntityId"] = WsFedRealm;
        settings["Federation:RelyingParties:2:Protocol"] = "WsFederation";
        settings["Federation:RelyingParties:2:WsFedReplyUrls:0"] = WsFedReply;

        // Two SAML 2.0 parties that take part in single logout, one per binding; both sign with RequestSigner.
        settings["Federation:RelyingParties:3:EntityId"] = RedirectRp;
        settings["Federation:RelyingParties:3:AssertionConsumerServiceUrls:0"] = RedirectAcs;
        settings["Federation:RelyingParties:3:RequestSigningCertificate"] = "rp-signing.cer";
        settings["Federation:RelyingParties:3:SingleLogoutServiceUrl"] = RedirectSlo;
        settings["Federation:RelyingParties:3:SingleLogoutServiceBinding"] = "Redirect";
        settings["Federation:RelyingParties:4:EntityId"] = PostRp;
        settings["Federation:RelyingParties:4:AssertionConsumerServiceUrls:0"] = PostAcs;
        settings["Federation:RelyingParties:4:RequestSigningCertificate"] = "rp-signing.cer";
        settings["Federation:RelyingParties:4:SingleLogoutServiceUrl"] = PostSlo;
        settings["Federation:RelyingParties:4:SingleLogoutServiceBinding"] = "Post";
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
