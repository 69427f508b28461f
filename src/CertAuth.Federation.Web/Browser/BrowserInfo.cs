namespace CertAuth.Federation.Web.Browser;

/// <summary>What <see cref="UserAgentClassifier"/> learned from a User-Agent header.</summary>
/// <param name="Class">The browser class.</param>
/// <param name="IosMajorVersion">The iOS major version when the device is an iPhone, iPad or iPod touch and it is readable.</param>
/// <param name="InAppName">The host app when a known in-app marker was seen (e.g. <c>Outlook-iOS</c>), else null.</param>
public sealed record BrowserInfo(BrowserClass Class, int? IosMajorVersion = null, string? InAppName = null)
{
    /// <summary>Oldest iOS major version that supports certificate-based sign-in with Microsoft Authenticator.</summary>
    public const int MinimumIosVersion = 9;

    /// <summary>An iOS device (Safari or a web view).</summary>
    public bool IsIos => Class is BrowserClass.IosSafari or BrowserClass.IosWebView;

    /// <summary>iOS older than <see cref="MinimumIosVersion"/>: certificate sign-in is not supported there.</summary>
    public bool IsUnsupportedIos => IsIos && IosMajorVersion is int major && major < MinimumIosVersion;

    /// <summary>An unclassified browser.</summary>
    public static BrowserInfo Unknown { get; } = new(BrowserClass.Unknown);
}
