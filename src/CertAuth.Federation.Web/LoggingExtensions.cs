using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Web;

/// <summary>Theme and page log events (1200–1219).</summary>
internal static partial class LoggingExtensions
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Theme {Theme} loaded (version {Version}; locales {Locales})")]
    public static partial void ThemeLoaded(this ILogger logger, string theme, string version, string locales);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Theme {Theme}: {File} ignored: {Reason}")]
    public static partial void ThemeFileRejected(this ILogger logger, string theme, string file, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Themes folder {Path} does not exist and cannot be created; only the built-in default theme is used")]
    public static partial void ThemesFolderMissing(this ILogger logger, string path);
}
