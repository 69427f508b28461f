using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.WsFederation;

/// <summary>The test federation server with WS-Federation relying parties beside the SAML ones.</summary>
public sealed class WsFederationServerHarness : FederationServerHarness
{
    public const string WsFedRealm = "urn:test:wsfed-rp";
    public const string WsFedReply = "https://wsfed-rp.test/signin";
    public const string WsFedSecondReply = "https://wsfed-rp.test/other";
    public const string WsFedSaml2Realm = "urn:test:wsfed-saml2-rp";
    public const string WsFedSaml2Reply = "https://wsfed-saml2.test/signin";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Federation:RelyingParties:2:EntityId"] = WsFedRealm;
        settings["Federation:RelyingParties:2:Protocol"] = "WsFederation";
        settings["Federation:RelyingParties:2:WsFedReplyUrls:0"] = WsFedReply;
        settings["Federation:RelyingParties:2:WsFedReplyUrls:1"] = WsFedSecondReply;
        settings["Federation:RelyingParties:3:EntityId"] = WsFedSaml2Realm;
        settings["Federation:RelyingParties:3:Protocol"] = "WsFederation";
        settings["Federation:RelyingParties:3:TokenType"] = "Saml2";
        settings["Federation:RelyingParties:3:WsFedReplyUrls:0"] = WsFedSaml2Reply;
    }
}
