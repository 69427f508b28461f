using System.Net;
using CertAuth.Federation.Server.Hosting;

namespace CertAuth.Federation.Server.Tests.Hardening;

/// <summary>Start-up validation and defaults of the hardening options (rate limits, trusted proxies, HSTS).</summary>
public sealed class HardeningOptionsTests
{
    [Fact]
    public void Defaults_AreSafe_NoTrustedProxy_LimitsOn_HstsOneYear()
    {
        var options = new FederationServerOptions();

        Assert.Empty(options.ForwardedClientCertificate.TrustedProxies);
        Assert.True(options.RateLimits.Enabled);
        Assert.Equal(300, options.RateLimits.SignIn.PermitLimit);
        Assert.Equal(120, options.RateLimits.Admin.PermitLimit);
        Assert.Equal(TimeSpan.FromDays(365), options.Hsts.MaxAge);
        Assert.True(new FederationServerOptionsValidator().Validate(null, Minimal(options)).Succeeded);
    }

    [Fact]
    public void Validator_NamesTheKeys_OfBadLimitsProxiesAndHsts()
    {
        var options = Minimal(new FederationServerOptions());
        options.RateLimits.SignIn.PermitLimit = 0;
        options.RateLimits.Admin.Window = TimeSpan.Zero;
        options.ForwardedClientCertificate.TrustedProxies.AddRange(["10.0.0.1/24", "proxy.example", "10.0.0.0/33"]);
        options.Hsts.MaxAge = TimeSpan.FromDays(-1);

        var failures = new FederationServerOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Federation:RateLimits:SignIn:PermitLimit", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Federation:RateLimits:Admin:Window", StringComparison.Ordinal));
        Assert.Equal(3, failures.Count(f => f.StartsWith("Federation:ForwardedClientCertificate:TrustedProxies", StringComparison.Ordinal)));
        Assert.Contains(failures, f => f.StartsWith("Federation:Hsts:MaxAge", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("10.1.0.0/16", "10.1.200.3", true)]
    [InlineData("10.1.0.0/16", "10.2.0.1", false)]
    [InlineData("10.1.0.0/16", "::ffff:10.1.2.3", true)]
    [InlineData("::1", "::1", true)]
    [InlineData("::1", "127.0.0.1", false)]
    [InlineData("fd00::/8", "fd12::5", true)]
    public void TrustedProxyList_MatchesAddressesAndNetworks(string entry, string peer, bool trusted) =>
        Assert.Equal(trusted, new TrustedProxyList([entry]).Contains(IPAddress.Parse(peer)));

    [Fact]
    public void TrustedProxyList_Empty_TrustsNoOne() =>
        Assert.False(new TrustedProxyList([]).Contains(IPAddress.Loopback));

    private static FederationServerOptions Minimal(FederationServerOptions options)
    {
        options.SigningCertificate.Path = "signing.pfx";
        return options;
    }
}
