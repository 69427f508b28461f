using CertAuth.Federation.Web.Pages;

namespace CertAuth.Federation.Server.Tests.Pages;

public sealed class LocaleNegotiatorTests
{
    private static readonly string[] Available = ["ar", "de", "en", "fr", "pt-BR"];
    private readonly LocaleNegotiator _negotiator = new();

    [Theory]
    [InlineData("de", "de")]
    [InlineData("DE-at", "de")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("pt-PT", "pt-BR")]
    [InlineData("en;q=0.2, fr;q=0.9", "fr")]
    [InlineData("fr;q=0.5, de;q=0.5", "fr")]
    [InlineData("xx, *;q=0.1", "en")]
    [InlineData("fr;q=0, ar", "ar")]
    [InlineData("fr;q=abc, de", "de")]
    [InlineData("<script>", "en")]
    [InlineData(null, "en")]
    public void Negotiate_PicksTheBestAvailable(string? header, string expected) =>
        Assert.Equal(expected, _negotiator.Negotiate(header, Available, "en"));
}
