namespace CertAuth.Federation.Web.Browser;

/// <summary>The kinds of browser the error pages give different certificate guidance for.</summary>
public enum BrowserClass
{
    /// <summary>Not recognised; the page gives general guidance.</summary>
    Unknown = 0,

    /// <summary>Safari, or another browser app, on iPhone, iPad or iPod touch.</summary>
    IosSafari,

    /// <summary>A web view inside an iOS app (WKWebView/UIWebView), e.g. an Office, Outlook or social app.</summary>
    IosWebView,

    /// <summary>Chrome (or another Chromium browser) on Android.</summary>
    AndroidChrome,

    /// <summary>The Android System WebView inside an app.</summary>
    AndroidWebView,

    /// <summary>Safari on macOS.</summary>
    MacSafari,

    /// <summary>Chrome, Edge or Firefox on Windows, macOS or Linux.</summary>
    Desktop,
}
