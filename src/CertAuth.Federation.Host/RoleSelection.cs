namespace CertAuth.Federation.Host;

/// <summary>Which roles this process runs: <c>--role all</c> (default), <c>federation</c> or <c>tokenservice</c>.</summary>
internal sealed record RoleSelection(bool Federation, bool TokenService)
{
    public static RoleSelection Parse(string[] args)
    {
        var index = Array.IndexOf(args, "--role");
        var value = index >= 0 && index + 1 < args.Length ? args[index + 1] : "all";
        return value.ToLowerInvariant() switch
        {
            "federation" => new RoleSelection(true, false),
            "tokenservice" => new RoleSelection(false, true),
            _ => new RoleSelection(true, true),
        };
    }
}
