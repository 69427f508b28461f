using CertAuth.Federation.Testing;

namespace CertAuth.Federation.Testing.Example.Tests;

/// <summary>
/// The federation server as "my app" sees it: the kit's fixture plus my relying-party trust and my users, set up
/// once per test class.
/// </summary>
public sealed class MyAppFederation : FederationServerFixture
{
    public const string EntityIdOfMyApp = "https://my-app.example/";
    public const string AcsOfMyApp = "https://my-app.example/saml2/acs";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await RegisterRelyingPartyAsync(EntityIdOfMyApp, AcsOfMyApp);
        await AddUserAsync("alice@contoso.com", email: "alice@contoso.com", displayName: "Alice Anders");
        await AddUserAsync("bob@contoso.com");
    }
}
