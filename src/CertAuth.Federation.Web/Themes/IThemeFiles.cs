namespace CertAuth.Federation.Web.Themes;

/// <summary>Read access to one theme's files: a folder on disk or the built-in copy compiled into the server.</summary>
internal interface IThemeFiles
{
    /// <summary>True for the copy compiled into the server.</summary>
    bool IsBuiltIn { get; }

    /// <summary>Opens a file by its path relative to the theme folder (<c>/</c>-separated), or null when it does not exist.</summary>
    Stream? Open(string relativePath);

    /// <summary>Names of the files directly in <paramref name="folder"/> (relative to the theme folder).</summary>
    IReadOnlyList<string> List(string folder);

    /// <summary>Whether the theme has a <c>views/</c> folder with at least one file.</summary>
    bool HasViews { get; }

    /// <summary>A short text that changes whenever any file of the theme changes (used to version asset URLs).</summary>
    string Fingerprint();
}
