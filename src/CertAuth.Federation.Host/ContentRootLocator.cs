namespace CertAuth.Federation.Host;

/// <summary>
/// Finds the folder holding appsettings.json: <c>--contentRoot</c>, else <c>CERTAUTH_HOME</c>, else the current
/// directory or the nearest parent that has one (so <c>dotnet run --project src/...</c> works from the repo).
/// </summary>
internal static class ContentRootLocator
{
    public static string Find(string[] args)
    {
        var index = Array.IndexOf(args, "--contentRoot");
        if (index >= 0 && index + 1 < args.Length)
        {
            return Path.GetFullPath(args[index + 1]);
        }

        if (Environment.GetEnvironmentVariable("CERTAUTH_HOME") is { Length: > 0 } home)
        {
            return Path.GetFullPath(home);
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
