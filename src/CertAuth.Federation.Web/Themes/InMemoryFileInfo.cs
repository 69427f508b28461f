using System.Text;
using Microsoft.Extensions.FileProviders;

namespace CertAuth.Federation.Web.Themes;

/// <summary>A small generated file (the theme views' <c>_ViewImports</c> and <c>_ViewStart</c>).</summary>
internal sealed class InMemoryFileInfo(string name, string content) : IFileInfo
{
    private readonly byte[] _bytes = Encoding.UTF8.GetBytes(content);

    public bool Exists => true;

    public long Length => _bytes.Length;

    public string? PhysicalPath => null;

    public string Name => name;

    public DateTimeOffset LastModified { get; } = DateTimeOffset.UnixEpoch;

    public bool IsDirectory => false;

    public Stream CreateReadStream() => new MemoryStream(_bytes, writable: false);
}
