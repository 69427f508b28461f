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

    /// <summary>Issue 12 item 7: a validator's typed result is <see cref="SamlResult{T}.Invalid"/> with the reason, and its message leaks no XML.</summary>
    public static SamlFailure With<T>(SamlFailureReason expected, Func<SamlResult<T>> validate)
    {
        var invalid = Assert.IsType<SamlResult<T>.Invalid>(validate());
        Assert.Equal(expected, invalid.Failure.Reason);
        Assert.DoesNotContain("<", invalid.Failure.Message, StringComparison.Ordinal);
        return invalid.Failure;
    }
}

/// <summary>Asserts that a validator's typed result is valid, and returns its value.</summary>
internal static class Accept
{
    public static T Valid<T>(this SamlResult<T> result)
    {
        if (result is SamlResult<T>.Invalid invalid)
        {
            Assert.Fail($"Expected a valid message, got {invalid.Failure.Reason}: {invalid.Failure.Message}");
        }

        return Assert.IsType<SamlResult<T>.Valid>(result).Value;
    }
}

/// <summary>
/// Issue 12 item 7: the public readers, bindings and the verifier return <see cref="SamlResult{T}"/>. The tests written
/// against their former throwing contract chain <c>.OrThrow()</c>, which raises the very refusal (reason, message, status
/// codes) as the assembly-internal exception, so <see cref="Reject.With(SamlFailureReason, Action)"/> keeps asserting
/// the same reason; the guard tests assert the typed results themselves.
/// </summary>
internal static class Refusals
{
    public static T OrThrow<T>(this SamlResult<T> result) => result.IsValid(out var value, out var failure) ? value : throw ToException(failure);

    public static void OrThrow(this SamlFailure? failure)
    {
        if (failure is not null)
        {
            throw ToException(failure);
        }
    }

    private static SamlValidationException ToException(SamlFailure failure) =>
        new(failure.Reason, failure.Message) { StatusCode = failure.StatusCode, SecondLevelStatusCode = failure.SecondLevelStatusCode };
}
