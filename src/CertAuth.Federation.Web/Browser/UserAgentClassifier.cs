using System.Globalization;
using System.Text.RegularExpressions;

namespace CertAuth.Federation.Web.Browser;

/// <summary>
/// Classifies a User-Agent header into a <see cref="BrowserClass"/> for the error pages' guidance. Heuristic by
/// nature (User-Agent strings are not a contract): it looks for the platform first, then for web-view markers.
/// iPadOS 13+ in desktop mode presents itself as macOS Safari and is classified so.
/// </summary>
public sealed partial class UserAgentClassifier
{
    /// <summary>Longest User-Agent examined; longer headers are cut (they are attacker-controlled).</summary>
    public const int MaxLength = 1024;

    // Markers that in-app browsers on iOS add; "Safari/" may be present in some of them, so they win over it.
    private static readonly string[] IosInAppMarkers =
    [
        "Outlook-iOS", "FBAN/", "FBAV/", "FB_IAB", "Instagram", "GSA/", "LinkedInApp", "MicroMessenger", "Line/", "Teams/", "Twitter",
    ];

    /// <summary>Classifies <paramref name="userAgent"/>; null or empty gives <see cref="BrowserInfo.Unknown"/>.</summary>
    public BrowserInfo Classify(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return BrowserInfo.Unknown;
        }

        var ua = userAgent.Length > MaxLength ? userAgent[..MaxLength] : userAgent;
        if (ua.Contains("Windows Phone", StringComparison.OrdinalIgnoreCase))
        {
            return BrowserInfo.Unknown;
        }

        if (ua.Contains("iPhone", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) || ua.Contains("iPod", StringComparison.Ordinal))
        {
            return ClassifyIos(ua);
        }

        if (ua.Contains("Android", StringComparison.Ordinal))
        {
            return ClassifyAndroid(ua);
        }

        var desktopPlatform = ua.Contains("Windows NT", StringComparison.Ordinal) || ua.Contains("Macintosh", StringComparison.Ordinal)
            || ua.Contains("X11", StringComparison.Ordinal) || ua.Contains("Linux", StringComparison.Ordinal) || ua.Contains("CrOS", StringComparison.Ordinal);
        if (!desktopPlatform)
        {
            return BrowserInfo.Unknown;
        }

        var chromiumOrFirefox = ua.Contains("Chrome/", StringComparison.Ordinal) || ua.Contains("Chromium/", StringComparison.Ordinal)
            || ua.Contains("Edg/", StringComparison.Ordinal) || ua.Contains("Firefox/", StringComparison.Ordinal);
        if (ua.Contains("Macintosh", StringComparison.Ordinal) && !chromiumOrFirefox
            && ua.Contains("Safari/", StringComparison.Ordinal) && ua.Contains("Version/", StringComparison.Ordinal))
        {
            return new BrowserInfo(BrowserClass.MacSafari);
        }

        return chromiumOrFirefox ? new BrowserInfo(BrowserClass.Desktop) : BrowserInfo.Unknown;
    }

    private static BrowserInfo ClassifyIos(string ua)
    {
        int? major = null;
        var version = IosVersion().Match(ua);
        if (version.Success && int.TryParse(version.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            major = parsed;
        }

        foreach (var marker in IosInAppMarkers)
        {
            if (ua.Contains(marker, StringComparison.Ordinal))
            {
                return new BrowserInfo(BrowserClass.IosWebView, major, marker.TrimEnd('/'));
            }
        }

        // WKWebView and UIWebView send "Mobile/<build>" without "Safari/"; Safari and other browser apps add it.
        return ua.Contains("Safari/", StringComparison.Ordinal)
            ? new BrowserInfo(BrowserClass.IosSafari, major)
            : new BrowserInfo(BrowserClass.IosWebView, major);
    }

    private static BrowserInfo ClassifyAndroid(string ua)
    {
        // The Android System WebView marks itself with "; wv)" (Lollipop+) or, older, "Version/x.y Chrome/".
        if (ua.Contains("; wv)", StringComparison.Ordinal) || AndroidLegacyWebView().IsMatch(ua))
        {
            return new BrowserInfo(BrowserClass.AndroidWebView);
        }

        return ua.Contains("Chrome/", StringComparison.Ordinal) ? new BrowserInfo(BrowserClass.AndroidChrome) : BrowserInfo.Unknown;
    }

    // NonBacktracking: linear in the (header-bounded) User-Agent, so no match timeout that a saturated CPU could trip
    // into an exception on a sign-in request.
    [GeneratedRegex(@"(?:iPhone|CPU) OS (\d{1,2})_", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex IosVersion();

    [GeneratedRegex(@"Version/\d+\.\d+ (?:Mobile )?Chrome/", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex AndroidLegacyWebView();
}
