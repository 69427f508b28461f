using CertAuth.Federation.Web.Browser;
using CsCheck;

namespace CertAuth.Federation.Server.Tests.Hardening;

/// <summary>
/// Property tests over the User-Agent classifier (a header anyone can set): random text of any characters, mutations of
/// real User-Agents, and very long values. It never throws, answers a defined class with an iOS version only for iOS,
/// and ignores everything past <see cref="UserAgentClassifier.MaxLength"/>. About 9,000 cases.
/// </summary>
public sealed class UserAgentClassifierFuzzTests
{
    private static readonly string[] RealUserAgents =
    [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Outlook-iOS/4.2228.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBSV/16.5]",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.179 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; SM-A536B; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.43 Mobile Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
    ];

    private static readonly string[] Fragments =
    [
        "iPhone", "iPad", "CPU OS ", "CPU iPhone OS ", "99999999999999999999_", "_", " like Mac OS X", "Android", "; wv)", "Version/4.0",
        "Chrome/", "Safari/", "Mobile/", "FBAN/", "Instagram", "GSA/", "Outlook-iOS/", "(", ")", ";", "\u0000", "\uD800", "🙂", "Ⅸ", "٣",
    ];

    private readonly UserAgentClassifier _classifier = new();

    [Fact]
    public void RandomText_IsClassifiedWithoutThrowing() =>
        FuzzBudget.Run(Gen.String[Gen.Char, 0, 3000], 3000, Check);

    [Fact]
    public void MutatedRealUserAgents_AreClassifiedWithoutThrowing()
    {
        var gen = Gen.Select(Gen.Int[0, RealUserAgents.Length - 1], Gen.Int[0, 200], Gen.Int[0, Fragments.Length - 1], Gen.Int[0, 40], Gen.Int[1, 4])
            .Select(t =>
            {
                var ua = RealUserAgents[t.Item1];
                var position = Math.Min(t.Item2, ua.Length);
                var cut = Math.Min(t.Item4, ua.Length - position);
                return string.Concat(Enumerable.Repeat(Fragments[t.Item3], t.Item5)) is var insert
                    ? ua.Remove(position, cut).Insert(position, insert)
                    : ua;
            });
        FuzzBudget.Run(gen, 4000, Check);
    }

    [Fact]
    public void EverythingPastTheMaximumLength_IsIgnored()
    {
        var gen = Gen.Select(Gen.Int[0, RealUserAgents.Length - 1], Gen.String[Gen.Char, 0, 50_000]);
        FuzzBudget.Run(gen, 2000, t =>
        {
            var head = RealUserAgents[t.Item1].PadRight(UserAgentClassifier.MaxLength, ' ');
            Assert.Equal(_classifier.Classify(head), _classifier.Classify(head + t.Item2));
        });
    }

    private void Check(string userAgent)
    {
        var info = _classifier.Classify(userAgent);
        Assert.True(Enum.IsDefined(info.Class));
        Assert.True(info.IosMajorVersion is null || info.IsIos, "An iOS version on a browser that is not iOS.");
        Assert.True(info.InAppName is null || info.InAppName.Length <= UserAgentClassifier.MaxLength);
    }
}
