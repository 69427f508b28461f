using CertAuth.Federation.Protocols;
using Xunit;

namespace CertAuth.Federation.Tests.Shared;

/// <summary>
/// Issue 12 item 7: the Protocols readers return <see cref="SamlResult{T}"/>. Tests that read what a server sent (its
/// own, well-formed messages) take the value with <see cref="Valid{T}"/>, which fails the test with the typed reason.
/// One source file, linked from <c>tests/Shared</c> into the test projects outside Protocols.Tests (which has its own
/// <c>Accept.Valid</c>).
/// </summary>
internal static class SamlResults
{
    /// <summary>The value of a valid result; a refusal fails the test with its reason and message.</summary>
    public static T Valid<T>(this SamlResult<T> result)
    {
        if (!result.IsValid(out var value, out var failure))
        {
            Assert.Fail($"Expected a valid message, got {failure.Reason}: {failure.Message}");
        }

        return value!;
    }
}
