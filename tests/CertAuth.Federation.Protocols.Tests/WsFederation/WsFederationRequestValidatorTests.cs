using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.WsFederation;

namespace CertAuth.Federation.Protocols.Tests.WsFederation;

public sealed class WsFederationRequestValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private readonly WsFederationRequestValidator _validator = new(new SamlBindingOptions { MaxRelayStateLength = 16 });

    [Fact]
    public void ValidSignIn_KeepsEveryParameter()
    {
        var result = Validate(("wa", "wsignin1.0"), ("wtrealm", "urn:rp"), ("wreply", "https://rp.test/a"), ("wctx", "ctx"), ("wct", "2026-12-03T11:59:00Z"), ("whr", "urn:home"));

        Assert.Null(result.Reason);
        Assert.Equal(new WsFederationMessage { Action = "wsignin1.0", Realm = "urn:rp", Reply = "https://rp.test/a", Context = "ctx", CurrentTime = Now.AddMinutes(-1), HomeRealm = "urn:home" }, result.Message);
    }

    [Theory]
    [InlineData(null, null, WsFederationFailureReason.MissingAction)]
    [InlineData("wsignin2.0", "urn:rp", WsFederationFailureReason.UnsupportedAction)]
    [InlineData("wsignin1.0", null, WsFederationFailureReason.MissingRealm)]
    public void MissingOrUnknown_AreRefusedWithTheirReason(string? wa, string? realm, WsFederationFailureReason reason)
    {
        var pairs = new List<(string, string)>();
        if (wa is not null)
        {
            pairs.Add(("wa", wa));
        }

        if (realm is not null)
        {
            pairs.Add(("wtrealm", realm));
        }

        Assert.Equal(reason, Validate([.. pairs]).Reason);
    }

    [Fact]
    public void Bounds_AndShapes_AreEnforced()
    {
        Assert.Equal(WsFederationFailureReason.DuplicateParameter, Validate(("wa", "wsignin1.0"), ("wtrealm", "urn:a"), ("wtrealm", "urn:b")).Reason);
        Assert.Equal(WsFederationFailureReason.ParameterTooLong, Validate(("wa", "wsignin1.0"), ("wtrealm", new string('r', 1025))).Reason);
        Assert.Equal(WsFederationFailureReason.ReplyNotAbsoluteHttps, Validate(("wa", "wsignin1.0"), ("wtrealm", "urn:rp"), ("wreply", "http://evil.test/")).Reason);
        Assert.Equal(WsFederationFailureReason.ContextTooLong, Validate(("wa", "wsignin1.0"), ("wtrealm", "urn:rp"), ("wctx", new string('c', 17))).Reason);
        Assert.Equal(WsFederationFailureReason.CurrentTimeInvalid, Validate(("wa", "wsignin1.0"), ("wtrealm", "urn:rp"), ("wct", "2026-12-03T12:30:00Z")).Reason);
        Assert.Equal(WsFederationFailureReason.CurrentTimeInvalid, Validate(("wa", "wsignin1.0"), ("wtrealm", "urn:rp"), ("wct", "not a time")).Reason);
        Assert.Null(Validate(("wa", "wsignout1.0")).Reason);
    }

    [Fact]
    public void CheckTrust_ExactReplyMatch_DefaultWhenAbsent()
    {
        var message = new WsFederationMessage { Action = "wsignin1.0", Realm = "urn:rp" };
        string[] endpoints = ["https://rp.test/a", "https://rp.test/b"];

        Assert.Equal("https://rp.test/a", _validator.CheckTrust(message, true, true, endpoints).Message!.Reply);
        Assert.Equal("https://rp.test/b", _validator.CheckTrust(message with { Reply = "https://rp.test/b" }, true, true, endpoints).Message!.Reply);
        Assert.Equal(WsFederationFailureReason.ReplyNotAllowed, _validator.CheckTrust(message with { Reply = "https://rp.test/B" }, true, true, endpoints).Reason);
        Assert.Equal(WsFederationFailureReason.ReplyNotAllowed, _validator.CheckTrust(message with { Reply = "https://rp.test/a/" }, true, true, endpoints).Reason);
        Assert.Equal(WsFederationFailureReason.UnknownRealm, _validator.CheckTrust(message, false, false, []).Reason);
        Assert.Equal(WsFederationFailureReason.RealmNotWsFederation, _validator.CheckTrust(message, true, false, endpoints).Reason);
        Assert.Equal(WsFederationFailureReason.NoReplyEndpoint, _validator.CheckTrust(message, true, true, []).Reason);
    }

    private WsFederationValidationResult Validate(params (string Name, string Value)[] pairs) =>
        _validator.Validate(
            pairs.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.Value).ToList()),
            Now, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
}
