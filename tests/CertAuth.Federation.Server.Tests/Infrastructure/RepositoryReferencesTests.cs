using CertAuth.Federation.Server.Tests.Pages;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>
/// Issue 12 item 8: source comments and docs cite only files inside this repository. Design notes that live outside it
/// (a design or style document, a shared folder next to the repository) must not be referenced from src, tests,
/// bench, samples, scripts, docs or the README.
/// </summary>
public sealed class RepositoryReferencesTests
{
    // Built from parts so that this file does not match itself.
    private static readonly string[] ForbiddenDocuments = ["DESIGN" + ".md", "STYLE" + ".md"];

    // A sibling folder of the repository; tests/Shared (linked by the test projects as ..\Shared) is inside it.
    private const string ForbiddenFolder = "../" + "shared";

    private static readonly string[] Extensions = [".cs", ".md", ".cshtml", ".json", ".sh", ".props", ".csproj", ".js", ".css", ".xml", ".yml", ".yaml"];

    [Fact]
    public void NoSourceOrDocument_ReferencesAFileOutsideTheRepository()
    {
        var root = PagesServer.RepositoryRoot();
        var files = new[] { "src", "tests", "bench", "samples", "scripts", "docs", "themes" }
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Append(Path.Combine(root, "README.md"))
            .Where(file => Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(files, f => f.EndsWith("README.md", StringComparison.Ordinal));

        var offenders = files
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(x => ForbiddenDocuments.Any(f => x.line.Contains(f, StringComparison.OrdinalIgnoreCase)) || x.line.Contains(ForbiddenFolder, StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(root, x.file)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "References to files outside the repository:\n" + string.Join('\n', offenders));
    }
}
