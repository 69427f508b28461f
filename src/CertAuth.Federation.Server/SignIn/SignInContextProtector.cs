using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// Seals a <see cref="SignInContext"/> into an opaque, authenticated, encrypted and expiring string for the
/// redirect to the certificate listener (like AD FS's <c>context</c> parameter). Expiry is checked against
/// <see cref="TimeProvider"/>, not the wall clock, so it is testable.
/// </summary>
public sealed class SignInContextProtector(IDataProtectionProvider provider, TimeProvider timeProvider, IOptions<FederationServerOptions> options)
{
    private const string Purpose = "CertAuth.Federation.Server.SignInContext.v1";
    private const int MaxProtectedLength = 8192;
    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(SignInContext context)
    {
        var sealedContext = new SealedContext(context, timeProvider.GetUtcNow() + options.Value.SignInContextLifetime);
        return _protector.Protect(JsonSerializer.Serialize(sealedContext));
    }

    /// <summary>The context, or null when it was tampered with, expired, or is not ours.</summary>
    public SignInContext? Unprotect(string? protectedContext)
    {
        if (string.IsNullOrEmpty(protectedContext) || protectedContext.Length > MaxProtectedLength)
        {
            return null;
        }

        try
        {
            var sealedContext = JsonSerializer.Deserialize<SealedContext>(_protector.Unprotect(protectedContext));
            return sealedContext is not null && sealedContext.ExpiresAt > timeProvider.GetUtcNow() ? sealedContext.Context : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record SealedContext(SignInContext Context, DateTimeOffset ExpiresAt);
}
