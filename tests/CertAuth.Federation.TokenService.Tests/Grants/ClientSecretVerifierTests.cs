using System.Net;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using Microsoft.AspNetCore.Http;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Grants;

/// <summary>
/// <see cref="ClientSecretVerifier"/> (issue 16): PBKDF2 runs once per accepted secret and stored hash; afterwards the
/// same secret is accepted and any other secret refused without key stretching; failures are never remembered; a new
/// stored hash (a rotated secret) is decided on its own.
/// </summary>
public sealed class ClientSecretVerifierTests
{
    private const string Secret = "correct-horse-battery-staple-0123";

    [Fact]
    public async Task TheRightSecret_IsStretchedOnce_ThenDecidedWithoutPbkdf2()
    {
        var verifier = new ClientSecretVerifier(TimeProvider.System);
        var hash = ClientSecretHasher.Hash(Secret);

        Assert.Equal(SecretCheck.Accepted, await verifier.VerifyAsync(Secret, hash, default));
        Assert.Equal(1, verifier.Stretchings);
        Assert.Equal(1, verifier.Count);

        Assert.Equal(SecretCheck.Accepted, await verifier.VerifyAsync(Secret, hash, default));
        Assert.Equal(SecretCheck.Accepted, await verifier.VerifyAsync(Secret, hash, default));
        Assert.Equal(1, verifier.Stretchings);

        // A wrong secret against a remembered hash: refused, still no PBKDF2.
        Assert.Equal(SecretCheck.Refused, await verifier.VerifyAsync(Secret + "x", hash, default));
        Assert.Equal(SecretCheck.Refused, await verifier.VerifyAsync(Secret[..^1], hash, default));
        Assert.Equal(SecretCheck.Refused, await verifier.VerifyAsync("x", hash, default));
        Assert.Equal(1, verifier.Stretchings);
        Assert.Equal(SecretCheck.Accepted, await verifier.VerifyAsync(Secret, hash, default));
    }

    [Fact]
    public async Task AWrongSecret_IsNeverRemembered_AndTheRightOneIsStillAccepted()
    {
        var verifier = new ClientSecretVerifier(TimeProvider.System);
        var hash = ClientSecretHasher.Hash(Secret);

        Assert.Equal(SecretCheck.Refused, await verifier.VerifyAsync("wrong-secret", hash, default));
        Assert.Equal(SecretCheck.Refused, await verifier.VerifyAsync("wrong-secret", hash, default));
        Assert.Equal(2, verifier.Stretchings);
        Assert.Equal(0, verifier.Count);

        Assert.Equal(SecretCheck.Accepted, await verifier.VerifyAsync(Secret, hash, default));
        Assert.Equal(1, verifier.Count);
    }

    [Fact]
    public async Task ARotatedSecret_HasItsOwnHash_TheOldSecretIsRefusedAgainstIt()
    {
        var verifier = new ClientSecretVerifier(TimeProvider.System);
        var oldHash = ClientSecretHasher.Hash(Secret);
        Assert.Equal(SecretCheck.Accepted, await verifier.VerifyAsync(Secret, oldHash, default));

        var newHash = ClientSecretHasher.Hash("the-new-secret-after-rotation");
        Assert.Equal(SecretCheck.Refused, await verifier.VerifyAsync(Secret, newHash, default));
        Assert.Equal(SecretCheck.Accepted, await verifier.VerifyAsync("the-new-secret-after-rotation", newHash, default));
        Assert.Equal(SecretCheck.Refused, await verifier.VerifyAsync(Secret, newHash, default));

        // The same secret hashed again (new salt) is a different stored hash: verified by PBKDF2 on its own.
        var rehashed = ClientSecretHasher.Hash(Secret);
        var before = verifier.Stretchings;
        Assert.Equal(SecretCheck.Accepted, await verifier.VerifyAsync(Secret, rehashed, default));
        Assert.Equal(before + 1, verifier.Stretchings);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain-text-secret")]
    [InlineData("pbkdf2-sha256$100000$not base64$AAAA")]
    [InlineData("pbkdf2-sha256$5$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    [InlineData("sha1$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    public async Task AMalformedOrMissingHash_RefusesEverySecret(string? storedHash)
    {
        var verifier = new ClientSecretVerifier(TimeProvider.System);
        Assert.Equal(SecretCheck.Refused, await verifier.VerifyAsync(Secret, storedHash, default));
        Assert.Equal(SecretCheck.Refused, await verifier.VerifyAsync(Secret, storedHash, default));
        Assert.Equal(0, verifier.Count);
    }

    [Fact]
    public async Task AnEmptySecret_IsRefused_EvenForARememberedHash()
    {
        var verifier = new ClientSecretVerifier(TimeProvider.System);
        var hash = ClientSecretHasher.Hash(Secret);
        Assert.Equal(SecretCheck.Accepted, await verifier.VerifyAsync(Secret, hash, default));
        Assert.Equal(SecretCheck.Refused, await verifier.VerifyAsync("", hash, default));
    }

    [Fact]
    public async Task WhenEveryPbkdf2SlotIsTaken_ACheckIsBusyAfterTheQueueTimeout_ButARememberedSecretIsStillDecided()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var slots = new SemaphoreSlim(1);
        var verifier = new ClientSecretVerifier(clock, slots);
        var remembered = ClientSecretHasher.Hash(Secret);
        Assert.Equal(SecretCheck.Accepted, await verifier.VerifyAsync(Secret, remembered, default));

        // Another check holds the only slot.
        await slots.WaitAsync();
        var other = ClientSecretHasher.Hash("another-client-secret-0123456789");
        var waiting = verifier.VerifyAsync("another-client-secret-0123456789", other, default).AsTask();
        Assert.False(waiting.IsCompleted);

        // A remembered secret needs no slot: decided at once, both ways.
        Assert.Equal(SecretCheck.Accepted, await verifier.VerifyAsync(Secret, remembered, default));
        Assert.Equal(SecretCheck.Refused, await verifier.VerifyAsync("wrong", remembered, default));

        clock.Advance(ClientSecretVerifier.QueueTimeout);
        Assert.Equal(SecretCheck.Busy, await waiting);
        Assert.Equal(1, verifier.Stretchings);

        // Once the slot is free the same check runs PBKDF2 and is accepted.
        slots.Release();
        Assert.Equal(SecretCheck.Accepted, await verifier.VerifyAsync("another-client-secret-0123456789", other, default));
        Assert.Equal(2, verifier.Stretchings);
    }

    [Fact]
    public async Task ACancelledRequest_IsCancelled_NotAnsweredBusy()
    {
        using var slots = new SemaphoreSlim(0);
        var verifier = new ClientSecretVerifier(new FakeTimeProvider(DateTimeOffset.UnixEpoch), slots);
        using var cancel = new CancellationTokenSource();
        var waiting = verifier.VerifyAsync(Secret, ClientSecretHasher.Hash(Secret), cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, verifier.Stretchings);
    }

    [Fact]
    public async Task ThroughTheTokenEndpoint_ASecretRotatedInTheStore_RefusesTheOldSecretAtTheNextRequest()
    {
        await using var host = await TokenServiceHost.StartAsync();
        await host.TrustIssuingCaAsync(crl: null);
        var alice = host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var verifier = host.Services.GetRequiredService<ClientSecretVerifier>();

        var first = await host.ConfidentialSignInAndRedeemAsync(alice);
        var token = first.GetProperty("refresh_token").GetString()!;
        var stretchings = verifier.Stretchings;
        var refreshed = await host.TokenAsync(ConfidentialRefresh(token, TokenServiceHost.ConfidentialSecret));
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        token = refreshed.Body.GetProperty("refresh_token").GetString()!;
        Assert.Equal(stretchings, verifier.Stretchings);

        // A wrong secret: refused (invalid_client), the token is not consumed.
        OAuthFlow.AssertError(await host.TokenAsync(ConfidentialRefresh(token, "not-the-secret")), "invalid_client", "CAT7000215");

        // The admin rotates the secret (what the admin API's store write does): the old one is refused at once.
        var store = host.Services.GetRequiredService<IOAuthClientStore>();
        var record = await store.FindAsync(TokenServiceHost.ConfidentialClientId) ?? throw new InvalidOperationException("The test client is missing.");
        record.SecretHash = ClientSecretHasher.Hash("the-rotated-secret-0123456789");
        Assert.True(await store.UpdateAsync(record));
        OAuthFlow.AssertError(await host.TokenAsync(ConfidentialRefresh(token, TokenServiceHost.ConfidentialSecret)), "invalid_client", "CAT7000215");

        var withNewSecret = await host.TokenAsync(ConfidentialRefresh(token, "the-rotated-secret-0123456789"));
        Assert.Equal(HttpStatusCode.OK, withNewSecret.Status);
    }

    [Fact]
    public async Task ABusyCheck_IsAnsweredAsThrottled_429WithRetryAfter_NotAsAWrongSecret()
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();
        var error = new TokenError(TokenErrorCode.Throttled, "Too many client secret checks are running; retry in a few seconds.");
        await OAuthForm.Error(error, basic: true, "token").ExecuteAsync(http);

        Assert.Equal(StatusCodes.Status429TooManyRequests, http.Response.StatusCode);
        Assert.Equal("2", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        using var body = await System.Text.Json.JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal("temporarily_unavailable", body.RootElement.GetProperty("error").GetString());
        Assert.StartsWith("CAT90055:", body.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> ConfidentialRefresh(string refreshToken, string secret) => new()
    {
        ["grant_type"] = "refresh_token",
        ["client_id"] = TokenServiceHost.ConfidentialClientId,
        ["client_secret"] = secret,
        ["refresh_token"] = refreshToken,
    };
}
