namespace CertAuth.Federation.Protocols.Tests.TestKit;

/// <summary>Asserts that an action is rejected with a given reason and that the message leaks no XML.</summary>
internal static class Reject
{
    public static SamlValidationException With(SamlFailureReason expected, Action action)
    {
        var ex = Assert.Throws<SamlValidationException>(action);
        Assert.Equal(expected, ex.Reason);
        Assert.DoesNotContain("<", ex.Message, StringComparison.Ordinal);
        return ex;
    }
}
