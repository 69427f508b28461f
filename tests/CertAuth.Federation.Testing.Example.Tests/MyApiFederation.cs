using CertAuth.Federation.Testing;

namespace CertAuth.Federation.Testing.Example.Tests;

/// <summary>The federation server and the token service, with the users "my API" tests sign in as.</summary>
public sealed class MyApiFederation : TokenServiceFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await AddUserAsync("alice@contoso.com", email: "alice@contoso.com", displayName: "Alice Anders");
        await AddUserAsync("bob@contoso.com", displayName: "Bob Berg");
    }
}
