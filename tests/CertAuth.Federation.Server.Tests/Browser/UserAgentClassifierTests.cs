using CertAuth.Federation.Web.Browser;

namespace CertAuth.Federation.Server.Tests.Browser;

/// <summary>The classifier against a table of real User-Agent strings, as browsers and apps send them.</summary>
public sealed class UserAgentClassifierTests
{
    private readonly UserAgentClassifier _classifier = new();

    public static TheoryData<string, BrowserClass, int?> RealUserAgents() => new()
    {
        // iOS Safari (iPhone, iPad), Chrome and Firefox on iOS (WebKit browser apps: same certificate story as Safari).
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1", BrowserClass.IosSafari, 17 },
        { "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1", BrowserClass.IosSafari, 16 },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/125.0.6422.80 Mobile/15E148 Safari/604.1", BrowserClass.IosSafari, 17 },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 16_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/120.0 Mobile/15E148 Safari/605.1.15", BrowserClass.IosSafari, 16 },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 9_3_5 like Mac OS X) AppleWebKit/601.1.46 (KHTML, like Gecko) Version/9.0 Mobile/13G36 Safari/601.1", BrowserClass.IosSafari, 9 },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 8_4 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Version/8.0 Mobile/12H143 Safari/600.1.4", BrowserClass.IosSafari, 8 },

        // iOS in-app web views: plain WKWebView (no "Safari/"), Facebook, Instagram, Google app, Outlook.
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", BrowserClass.IosWebView, 17 },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/16.5;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]", BrowserClass.IosWebView, 16 },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 311.0.2.21.104 (iPhone15,3; iOS 17_1_2; en_US; en; scale=3.00; 1290x2796; 546381218)", BrowserClass.IosWebView, 17 },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/312.0.624700454 Mobile/15E148 Safari/604.1", BrowserClass.IosWebView, 17 },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Outlook-iOS/4.2228.0", BrowserClass.IosWebView, 15 },
        { "Mozilla/5.0 (iPad; CPU OS 8_1 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Mobile/12B410", BrowserClass.IosWebView, 8 },

        // Android Chrome, Samsung Internet (Chromium), Android System WebView (new "; wv)" and old "Version/4.0 Chrome/").
        { "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.179 Mobile Safari/537.36", BrowserClass.AndroidChrome, null },
        { "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36", BrowserClass.AndroidChrome, null },
        { "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36", BrowserClass.AndroidWebView, null },
        { "Mozilla/5.0 (Linux; Android 4.4.2; Nexus 5 Build/KOT49H) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/30.0.0.0 Mobile Safari/537.36", BrowserClass.AndroidWebView, null },
        { "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0", BrowserClass.Unknown, null },

        // macOS Safari; desktop Chrome, Edge, Firefox on Windows, macOS and Linux.
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15", BrowserClass.MacSafari, null },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", BrowserClass.Desktop, null },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80", BrowserClass.Desktop, null },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", BrowserClass.Desktop, null },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0", BrowserClass.Desktop, null },
        { "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", BrowserClass.Desktop, null },
        { "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", BrowserClass.Desktop, null },

        // Not browsers we can advise: tools, old Windows Phone, empty.
        { "curl/8.5.0", BrowserClass.Unknown, null },
        { "Mozilla/5.0 (compatible; MSIE 10.0; Windows Phone 8.0; Trident/6.0; IEMobile/10.0; ARM; Touch; NOKIA; Lumia 920)", BrowserClass.Unknown, null },
        { "", BrowserClass.Unknown, null },
    };

    [Theory]
    [MemberData(nameof(RealUserAgents))]
    public void Classify_RealUserAgents(string userAgent, BrowserClass expected, int? iosMajor)
    {
        var info = _classifier.Classify(userAgent);

        Assert.Equal(expected, info.Class);
        Assert.Equal(iosMajor, info.IosMajorVersion);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 8_4 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Version/8.0 Mobile/12H143 Safari/600.1.4", true)]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 8_1 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Mobile/12B410", true)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 9_3_5 like Mac OS X) AppleWebKit/601.1.46 (KHTML, like Gecko) Version/9.0 Mobile/13G36 Safari/601.1", false)]
    [InlineData("Mozilla/5.0 (Linux; Android 4.4.2; Nexus 5 Build/KOT49H) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/30.0.0.0 Mobile Safari/537.36", false)]
    public void IosBelow9_IsUnsupported(string userAgent, bool unsupported) =>
        Assert.Equal(unsupported, _classifier.Classify(userAgent).IsUnsupportedIos);

    [Fact]
    public void InAppMarker_IsNamed() =>
        Assert.Equal("Outlook-iOS", _classifier.Classify("Mozilla/5.0 (iPhone; CPU iPhone OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Outlook-iOS/4.2228.0").InAppName);

    [Fact]
    public void HugeUserAgent_IsCut_NotScannedWhole()
    {
        var ua = "Mozilla/5.0 (Windows NT 10.0) Chrome/1 " + new string('a', 100_000) + " iPhone";

        Assert.Equal(BrowserClass.Desktop, _classifier.Classify(ua).Class);
    }
}
