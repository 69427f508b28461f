namespace CertAuth.Federation.Farm.Tests.Fixture;

/// <summary>
/// The figures of the farm fault tests, collected as they run and written to <c>artifacts/test-results/farm-figures.md</c>
/// (the folder ./test.sh gives <c>dotnet test</c>); README "Farm" quotes one run. Each test also prints its lines.
/// </summary>
public static class FarmFigures
{
    private static readonly object Lock = new();
    private static readonly SortedDictionary<string, string> Sections = new(StringComparer.Ordinal);

    public static string FilePath => Path.Combine(FarmFixture.RepositoryRoot(), "artifacts", "test-results", "farm-figures.md");

    public static void Record(string section, string text)
    {
        lock (Lock)
        {
            Sections[section] = text;
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            var lines = new List<string>
            {
                "# Farm fault tests: figures",
                "",
                $"Run at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; tests/CertAuth.Federation.Farm.Tests.",
                "",
            };
            foreach (var (name, body) in Sections)
            {
                lines.Add("## " + name);
                lines.Add("");
                lines.Add(body);
                lines.Add("");
            }

            File.WriteAllLines(FilePath, lines);
        }
    }
}
