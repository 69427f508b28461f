using CertAuth.Federation.Administration;
using CertAuth.Federation.Storage;

namespace CertAuth.Federation.Cli.Hosting;

/// <summary>The <c>--role federation|tokenservice|both</c> option's values.</summary>
internal static class RoleNames
{
    public const string Federation = AdminRoles.Federation;
    public const string TokenService = AdminRoles.TokenService;
    public const string Both = AdminRoles.Both;

    public static IReadOnlyList<StoreRole> Parse(string? value) => value switch
    {
        null or Both => [StoreRole.Federation, StoreRole.TokenService],
        Federation => [StoreRole.Federation],
        TokenService => [StoreRole.TokenService],
        _ => throw new CliRefusedException($"--role must be {Federation}, {TokenService} or {Both}.", AdminCodes.Role),
    };

    public static string Name(StoreRole role) => AdminRoles.Name(role);
}
