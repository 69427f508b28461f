using System.Text.RegularExpressions;
using CertAuth.Federation.Server.Tests.Pages;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>
/// Issue 12 item 6, test infrastructure in layers: the product's test projects and the benchmarks start servers only
/// through the test kit (src/CertAuth.Federation.Testing: <c>LoopbackHostBuilder</c> for the product's roles,
/// <c>LoopbackCrlServer</c> for loopback HTTP). A second Kestrel/WebHost builder or HTTP listener under tests/ or
/// bench/ fails this test; a deliberate exception goes in <see cref="AllowList"/> with its reason.
/// </summary>
public sealed partial class TestLayeringTests
{
    /// <summary>Files (relative to the repository root, '/' separated) that may build a host of their own, and why.</summary>
    private static readonly Dictionary<string, string> AllowList = new(StringComparer.Ordinal)
    {
        ["tests/CertAuth.Federation.EndToEnd.Tests/SingleLogoutBrowserTests.cs"] =
            "plays two relying parties over TLS (a SAML 2.0 SingleLogoutService that answers each LogoutRequest, and a "
            + "WS-Federation endpoint that records wsignoutcleanup1.0) for chromium; the kit has no HTTPS server for "
            + "arbitrary relying-party handlers",
    };

    [Fact]
    public void TestProjects_BuildNoHostOfTheirOwn_OnlyTheTestingKitDoes()
    {
        var root = PagesServer.RepositoryRoot();
        var offenders = SourceFiles(root, "tests", "bench")
            .Where(file => !AllowList.ContainsKey(Relative(root, file)))
            .SelectMany(file => HostBuilder().Matches(File.ReadAllText(file)).Select(m => $"{Relative(root, file)}: {m.Value}"))
            .ToList();

        Assert.True(offenders.Count == 0, "Start hosts through CertAuth.Federation.Testing (LoopbackHostBuilder, LoopbackCrlServer):\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void TheTestingKit_HoldsTheOneHostBuilder_AndTheOneLoopbackHttpServer()
    {
        // The grep above is only meaningful if it recognises the builders the kit itself uses.
        var root = PagesServer.RepositoryRoot();
        var builders = SourceFiles(root, Path.Combine("src", "CertAuth.Federation.Testing"))
            .Where(file => HostBuilder().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetFileName(file))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["LoopbackCrlServer.cs", "LoopbackHostBuilder.cs"], builders);
    }

    private static IEnumerable<string> SourceFiles(string root, params string[] folders) =>
        folders.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');

    // The regex source text below does not match itself (it is escaped), so this file needs no allow-list entry.
    [GeneratedRegex(@"WebApplication\s*\.\s*Create(Slim|Empty)?Builder\s*\(|WebHost\s*\.\s*Create(Default|Slim|Empty)Builder|new\s+WebHostBuilder\s*\(|Host\s*\.\s*Create(Default|Application|Empty)Builder|new\s+HostBuilder\s*\(|new\s+HttpListener\s*\(|new\s+KestrelServer\w*\s*\(")]
    private static partial Regex HostBuilder();
}
