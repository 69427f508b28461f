using System.Text.RegularExpressions;

namespace CertAuth.Federation.Testing.Package.Tests;

/// <summary>
/// A relying-party developer's first steps, for real: <c>dotnet new xunit</c>, <c>dotnet add package
/// CertAuth.Federation.Testing</c> from a package folder, paste the example of docs/testing-kit.md, <c>dotnet test</c>.
/// The packages are packed by this test from this build, with a version of their own, so a fresh clone needs nothing else
/// and an old package in the NuGet cache is never used.
/// </summary>
public sealed partial class PackageConsumerTests
{
    /// <summary>docs/testing-kit.md marks each example a consumer project gets with this comment before its code fence.</summary>
    [GeneratedRegex(@"<!--\s*package-consumer-test:\s*(?<file>[A-Za-z0-9_.]+\.cs)\s*-->\s*```csharp\r?\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    [GeneratedRegex(@"Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+),\s+Skipped:\s+(?<skipped>\d+)")]
    private static partial Regex TestSummary();

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task TheDocsExample_RunsGreen_InAFreshProject_ThatAddsTheKitAsAPackage()
    {
        var repository = FindRepositoryRoot();
        var examples = ExtractExamples(Path.Combine(repository, "docs", "testing-kit.md"));
        Assert.True(examples.Count >= 2, "docs/testing-kit.md: expected the marked SAML and token-service examples.");

        var work = Directory.CreateTempSubdirectory("certauth-kit-consumer-");
        // A version of this run's own: the NuGet cache cannot serve an older kit under the same number.
        var suffix = "consumertest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)
            + "." + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        string? version = null;
        try
        {
            var packages = Directory.CreateDirectory(Path.Combine(work.FullName, "packages")).FullName;
            var pack = await DotnetCli.RunAsync(repository, StepLimit, "pack", "CertAuth.Federation.sln", "-c", Configuration,
                "--no-build", "--nologo", "-o", packages, $"-p:VersionSuffix={suffix}");
            Assert.True(pack.Succeeded, pack.Output);

            // CertAuth.Federation.Testing.<version>.nupkg, not CertAuth.Federation.Testing.Pki.<version>.nupkg.
            static bool IsKit(string path) => char.IsAsciiDigit(Path.GetFileName(path)["CertAuth.Federation.Testing.".Length]);
            var kit = Directory.GetFiles(packages, "CertAuth.Federation.Testing.*.nupkg").Where(IsKit).Single();
            version = Path.GetFileNameWithoutExtension(kit)["CertAuth.Federation.Testing.".Length..];
            Assert.EndsWith(suffix, version, StringComparison.Ordinal);
            Assert.Single(Directory.GetFiles(packages, "CertAuth.Federation.Testing.*.snupkg"), IsKit);
            Assert.Single(Directory.GetFiles(packages, "CertAuth.Federation.Testing.Pki.*.nupkg"));

            // Only the package folder and nuget.org (the kit's own dependencies), as a developer's nuget.config would.
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="certauth-kit" value="{packages}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
                  </packageSources>
                </configuration>
                """);

            var created = await DotnetCli.RunAsync(work.FullName, StepLimit, "new", "xunit", "-n", "MyApp.SignInTests", "-o", "MyApp.SignInTests", "--no-restore");
            Assert.True(created.Succeeded, created.Output);
            var project = Path.Combine(work.FullName, "MyApp.SignInTests");

            var added = await DotnetCli.RunAsync(project, StepLimit, "add", "package", "CertAuth.Federation.Testing", "--version", version);
            Assert.True(added.Succeeded, added.Output);

            File.Delete(Path.Combine(project, "UnitTest1.cs"));
            foreach (var (file, code) in examples)
            {
                await File.WriteAllTextAsync(Path.Combine(project, file), code);
            }

            var tested = await DotnetCli.RunAsync(project, StepLimit, "test", "--nologo");
            Assert.True(tested.Succeeded, tested.Output);
            var summary = TestSummary().Match(tested.Output);
            Assert.True(summary.Success, tested.Output);
            Assert.Equal("0", summary.Groups["failed"].Value);
            Assert.Equal("0", summary.Groups["skipped"].Value);
            var facts = examples.Sum(e => Regex.Matches(e.Code, @"\[Fact\]").Count);
            Assert.Equal(facts.ToString(System.Globalization.CultureInfo.InvariantCulture), summary.Groups["passed"].Value);
        }
        finally
        {
            work.Delete(recursive: true);
            if (version is not null)
            {
                RemoveFromNuGetCache(version);
            }
        }
    }

    [Fact]
    public void TheDocsExamples_AreMarked_AndSelfContained()
    {
        var examples = ExtractExamples(Path.Combine(FindRepositoryRoot(), "docs", "testing-kit.md"));

        Assert.Contains(examples, e => e.Code.Contains(": FederationServerFixture", StringComparison.Ordinal));
        Assert.Contains(examples, e => e.Code.Contains(": TokenServiceFixture", StringComparison.Ordinal));
        Assert.All(examples, e => Assert.Contains("using CertAuth.Federation.Testing;", e.Code, StringComparison.Ordinal));
        Assert.Equal(examples.Count, examples.Select(e => e.File).Distinct().Count());
    }

    private static List<(string File, string Code)> ExtractExamples(string markdown) =>
        ExampleBlock().Matches(File.ReadAllText(markdown))
            .Select(m => (m.Groups["file"].Value, m.Groups["code"].Value))
            .ToList();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CertAuth.Federation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CertAuth.Federation.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>This run's packages leave the global packages folder again (their version is never used twice).</summary>
    private static void RemoveFromNuGetCache(string version)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (!Directory.Exists(cache))
        {
            return;
        }

        foreach (var package in Directory.GetDirectories(cache, "certauth.federation.*"))
        {
            var folder = Path.Combine(package, version.ToLowerInvariant());
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            if (Directory.GetFileSystemEntries(package).Length == 0)
            {
                Directory.Delete(package);
            }
        }
    }
}
