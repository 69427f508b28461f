using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.FileProviders;

namespace CertAuth.Federation.Web.Themes;

/// <summary>
/// One theme folder under the themes root, read through the root's <see cref="PhysicalFileProvider"/> (which refuses
/// paths that leave the root, hidden files and symbolic-link escapes).
/// </summary>
internal sealed class PhysicalThemeFiles(IFileProvider root, string themeName) : IThemeFiles
{
    public bool IsBuiltIn => false;

    public bool HasViews => root.GetDirectoryContents(themeName + "/views").Any();

    public Stream? Open(string relativePath)
    {
        var file = root.GetFileInfo(themeName + "/" + relativePath);
        return file.Exists && !file.IsDirectory ? file.CreateReadStream() : null;
    }

    public IReadOnlyList<string> List(string folder) =>
        [.. root.GetDirectoryContents(themeName + "/" + folder).Where(f => !f.IsDirectory).Select(f => f.Name)];

    public string Fingerprint()
    {
        var text = new StringBuilder();
        Append(text, themeName, string.Empty, depth: 0);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }

    private void Append(StringBuilder text, string folder, string relative, int depth)
    {
        if (depth > 4)
        {
            return;
        }

        foreach (var entry in root.GetDirectoryContents(folder).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.IsDirectory)
            {
                Append(text, folder + "/" + entry.Name, relative + entry.Name + "/", depth + 1);
            }
            else
            {
                text.Append(relative).Append(entry.Name).Append(':').Append(entry.Length.ToString(CultureInfo.InvariantCulture))
                    .Append(':').Append(entry.LastModified.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
    }
}
