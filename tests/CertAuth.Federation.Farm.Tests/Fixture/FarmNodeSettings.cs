using System.Text.RegularExpressions;

namespace CertAuth.Federation.Farm.Tests.Fixture;

/// <summary>
/// Reads <c>scripts/farm-node.env</c>, the one definition of a farm node's settings that <c>scripts/farm.sh</c> exports
/// and <see cref="FarmFixture"/> passes to its node processes: <c>KEY=VALUE</c> lines (<c>#</c> comments and empty
/// lines skipped, the value is everything after the first <c>=</c>), each <c>{name}</c> placeholder replaced by its
/// value in one left-to-right pass — the same rules as the script's <c>node_env</c> (<c>scripts/farm.sh node-env</c>
/// prints its result, which <c>NodeSettingsTests</c> compares with this reader's).
/// </summary>
public static partial class FarmNodeSettings
{
    /// <summary>The shared file in the repository at <paramref name="root"/>.</summary>
    public static string FilePath(string root) => Path.Combine(root, "scripts", "farm-node.env");

    /// <summary>The file's lines as (key, template), in file order; a repeated key is refused.</summary>
    public static IReadOnlyList<(string Key, string Template)> Read(string path)
    {
        var lines = new List<(string, string)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"{path}: '{line}' is not KEY=VALUE.");
            }

            var key = line[..equals];
            if (!keys.Add(key))
            {
                throw new FormatException($"{path}: {key} is defined twice.");
            }

            lines.Add((key, line[(equals + 1)..]));
        }

        return lines;
    }

    /// <summary>The placeholder names the file uses.</summary>
    public static IReadOnlySet<string> Placeholders(string path) =>
        Read(path).SelectMany(l => Placeholder().Matches(l.Template).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The node settings with every placeholder filled from <paramref name="values"/>. A placeholder without a value, or
    /// a value for a placeholder the file does not use (a setting that would silently go nowhere), is refused.
    /// </summary>
    public static Dictionary<string, string> Fill(string path, IReadOnlyDictionary<string, string> values)
    {
        var unused = values.Keys.Except(Placeholders(path), StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
        {
            throw new ArgumentException($"{path} has no placeholder {string.Join(", ", unused.Select(u => "{" + u + "}"))}.", nameof(values));
        }

        return Read(path).ToDictionary(
            l => l.Key,
            l => Placeholder().Replace(l.Template, m => values.TryGetValue(m.Groups[1].Value, out var value)
                ? value
                : throw new ArgumentException($"{path}: {l.Key} needs a value for {m.Value}.", nameof(values))),
            StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();
}
