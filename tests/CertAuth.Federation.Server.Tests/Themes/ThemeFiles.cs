namespace CertAuth.Federation.Server.Tests.Themes;

/// <summary>Helpers for tests that change theme files under a running server.</summary>
internal static class ThemeFiles
{
    /// <summary>Copies <c>{themes}/{from}</c> to <c>{themes}/{name}</c> (a fresh theme for one test).</summary>
    public static string Copy(string themesPath, string from, string name)
    {
        var target = Path.Combine(themesPath, name);
        Copy(Path.Combine(themesPath, from), target);
        var manifest = Path.Combine(target, "theme.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace($"\"name\": \"{from}\"", $"\"name\": \"{name}\"", StringComparison.Ordinal));
        return target;
    }

    /// <summary>
    /// Retries <paramref name="check"/> until it passes or 90 s have gone (file watchers report changes asynchronously,
    /// and the first runtime compilation of a view override is slow on a loaded 2-core machine). A bound, not a timing
    /// assertion: a correct server passes at the first change it notices.
    /// </summary>
    public static async Task EventuallyAsync(Func<Task<bool>> check, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await check())
        {
            Assert.True(DateTime.UtcNow < deadline, "Not seen within 90 s: " + what);
            await Task.Delay(100);
        }
    }

    private static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(source))
        {
            Copy(folder, Path.Combine(target, Path.GetFileName(folder)));
        }
    }
}
