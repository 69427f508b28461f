using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.Hardening;

/// <summary>The real server with tiny limits (a window of an hour, so nothing replenishes during a test) and the preview route on.</summary>
public sealed class ThrottledServerHarness : FederationServerHarness
{
    public const int SignInLimit = 3;
    public const int AdminLimit = 2;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Federation:RateLimits:SignIn:PermitLimit"] = SignInLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Federation:RateLimits:SignIn:Window"] = "01:00:00";
        settings["Federation:RateLimits:Admin:PermitLimit"] = AdminLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Federation:RateLimits:Admin:Window"] = "01:00:00";
        settings["Federation:EnablePreview"] = "true";
    }
}
