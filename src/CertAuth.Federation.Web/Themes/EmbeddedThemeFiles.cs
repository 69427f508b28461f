using System.Reflection;

namespace CertAuth.Federation.Web.Themes;

/// <summary>The default theme as compiled into the server (logical resource names <c>themes/default/&lt;path&gt;</c>).</summary>
internal sealed class EmbeddedThemeFiles : IThemeFiles
{
    private const string Prefix = "themes/" + ThemeNames.Default + "/";
    private readonly Assembly _assembly = typeof(EmbeddedThemeFiles).Assembly;
    private readonly HashSet<string> _names;

    public EmbeddedThemeFiles()
    {
        _names = new HashSet<string>(
            _assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..].Replace('\\', '/')),
            StringComparer.Ordinal);
    }

    public bool IsBuiltIn => true;

    public bool HasViews => false;

    public Stream? Open(string relativePath) =>
        _names.Contains(relativePath) ? _assembly.GetManifestResourceStream(Prefix + relativePath) ?? OpenWindowsName(relativePath) : null;

    public IReadOnlyList<string> List(string folder)
    {
        var start = folder.TrimEnd('/') + "/";
        return [.. _names.Where(n => n.StartsWith(start, StringComparison.Ordinal) && n.IndexOf('/', start.Length) < 0).Select(n => n[start.Length..])];
    }

    public string Fingerprint() => _assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    // A build on Windows writes the RecursiveDir part of the logical name with back-slashes.
    private Stream? OpenWindowsName(string relativePath) => _assembly.GetManifestResourceStream(Prefix + relativePath.Replace('/', '\\'));
}
