using CertAuth.Federation.Cli.Validation;

namespace CertAuth.Federation.Cli.Tests.Validation;

public sealed class InputRulesTests
{
    [Theory]
    [InlineData("https://app.example/acs")]
    [InlineData("http://localhost:5000/acs")]
    [InlineData("http://127.0.0.1/acs")]
    [InlineData("https://app.example:8443/saml/acs?tenant=1")]
    public void AcsUrl_Accepts(string url) => Assert.Equal(url, InputRules.AcsUrl(url));

    [Theory]
    [InlineData("http://app.example/acs")]
    [InlineData("http://localhost.evil.example/acs")]
    [InlineData("https://app.example/acs#frag")]
    [InlineData("acs")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public void AcsUrl_Refuses(string url) => Assert.Throws<CliRefusedException>(() => InputRules.AcsUrl(url));

    [Theory]
    [InlineData("alice@contoso.com", "alice@contoso.com")]
    [InlineData(" Alice.O'Neil+x@Sub.Contoso.COM ", "alice.o'neil+x@sub.contoso.com")]
    public void Address_NormalizesToLowerCase(string input, string expected) => Assert.Equal(expected, InputRules.Address(input, "UPN"));

    [Fact]
    public void Address_RefusesTooLong() =>
        Assert.Throws<CliRefusedException>(() => InputRules.Address(new string('a', 60) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".com", "UPN"));

    [Theory]
    [InlineData("90", 90 * 60)]
    [InlineData("01:30:00", 90 * 60)]
    [InlineData("2.00:00:00", 2 * 86400)]
    public void CrlGrace_AcceptsMinutesOrTimeSpan(string input, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), InputRules.CrlGrace(input));

    [Theory]
    [InlineData("-5")]
    [InlineData("00:00:00")]
    [InlineData("8.00:00:00")]
    [InlineData("soon")]
    public void CrlGrace_RefusesOutOfBounds(string input) => Assert.Throws<CliRefusedException>(() => InputRules.CrlGrace(input));

    [Theory]
    [InlineData("unspecified", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")]
    [InlineData("EMAIL", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")]
    [InlineData("urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName", "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName")]
    public void NameIdFormat_ResolvesShortNamesAndUris(string input, string expected) => Assert.Equal(expected, NameIdFormatNames.Resolve(input));

    [Fact]
    public void SkiHex_StripsSeparatorsAndUpperCases() => Assert.Equal("0A1B2C", InputRules.SkiHex("0a:1b 2c"));
}
