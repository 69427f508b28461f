using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Validation;

namespace CertAuth.Federation.Protocols.Tests.Validation;

/// <summary>Clock-skew edges with the default 5-minute skew; the scenario's clock starts at <see cref="SamlScenario.Now"/>.</summary>
public sealed class SamlResponseValidatorTimeTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private readonly SamlScenario _scenario = new();
    private readonly SamlResponseValidator _validator = new();

    private SamlResult<ValidatedAssertion> Validate(Action<CertAuth.Federation.Protocols.Saml.Assertion> change, DateTimeOffset at)
    {
        var assertion = _scenario.CreateAssertion();
        change(assertion);
        var post = SamlScenario.ToPost(_scenario.WriteSigned(_scenario.CreateResponse(assertion)));
        _scenario.Time.SetUtcNow(at);
        return _validator.Validate(post, _scenario.Parameters());
    }

    [Fact]
    public void BearerNotOnOrAfter_IsAcceptedUpToSkew_ThenExpired()
    {
        var end = SamlScenario.Now.AddMinutes(5);

        Validate(_ => { }, end + Skew - TimeSpan.FromMilliseconds(1)).Valid();
        Reject.With(SamlFailureReason.Expired, () => Validate(_ => { }, end + Skew));
    }

    [Fact]
    public void ConditionsNotOnOrAfter_IsAcceptedUpToSkew_ThenExpired()
    {
        var end = SamlScenario.Now.AddMinutes(2);
        void Change(CertAuth.Federation.Protocols.Saml.Assertion a)
        {
            a.Conditions!.NotOnOrAfter = end;
            a.Subject!.SubjectConfirmations[0].Data!.NotOnOrAfter = end.AddHours(1);
        }

        Validate(Change, end + Skew - TimeSpan.FromMilliseconds(1)).Valid();
        Reject.With(SamlFailureReason.Expired, () => Validate(Change, end + Skew));
    }

    [Fact]
    public void ConditionsNotBefore_IsAcceptedWithinSkew_ThenNotYetValid()
    {
        Validate(a => a.Conditions!.NotBefore = SamlScenario.Now + Skew, SamlScenario.Now).Valid();
        Reject.With(SamlFailureReason.NotYetValid, () =>
            Validate(a => a.Conditions!.NotBefore = SamlScenario.Now + Skew + TimeSpan.FromSeconds(1), SamlScenario.Now));
    }

    [Fact]
    public void BearerNotBeforeInFuture_IsNotYetValid()
    {
        Reject.With(SamlFailureReason.NotYetValid, () =>
            Validate(a => a.Subject!.SubjectConfirmations[0].Data!.NotBefore = SamlScenario.Now.AddMinutes(6), SamlScenario.Now));
    }

    [Fact]
    public void IssuedInTheFuture_IsNotYetValid()
    {
        Validate(a => a.IssueInstant = SamlScenario.Now + Skew, SamlScenario.Now).Valid();
        Reject.With(SamlFailureReason.NotYetValid, () => Validate(a => a.IssueInstant = SamlScenario.Now + Skew + TimeSpan.FromSeconds(1), SamlScenario.Now));
    }

    [Fact]
    public void BearerWithoutNotOnOrAfter_IsMissingRequiredValue()
    {
        Reject.With(SamlFailureReason.MissingRequiredValue, () =>
            Validate(a => a.Subject!.SubjectConfirmations[0].Data!.NotOnOrAfter = null, SamlScenario.Now));
    }

    [Fact]
    public void ReplayEntry_LastsUntilTheAssertionCouldNoLongerBeAccepted()
    {
        var post = SamlScenario.ToPost(_scenario.WriteSigned(_scenario.CreateResponse()));
        var result = _validator.Validate(post, _scenario.Parameters()).Valid();
        _scenario.Time.SetUtcNow(result.ReplayExpiresAt - TimeSpan.FromMilliseconds(1));

        // Still remembered while anything in it could be accepted (here the bearer has expired first).
        Assert.False(_scenario.ReplayCache.TryAdd(result.Assertion.Id, result.ReplayExpiresAt));
        Assert.Equal(SamlScenario.Now.AddHours(1) + Skew, result.ReplayExpiresAt);
    }
}
