using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Storage.Tests;

/// <summary>
/// The stores' behaviour, run once per provider (<see cref="SqliteStoreTests"/>, <see cref="PostgreSqlStoreTests"/>)
/// so that nothing assumes SQLite.
/// </summary>
public abstract class StoreTests : IAsyncLifetime
{
    protected readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-storage-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = null!;

    protected abstract StorageOptions Options { get; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _services = BuildServices();
        await _services.GetRequiredService<StorageInitializer>().InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await using (var db = await _services.GetRequiredService<IDbContextFactory<TokenServiceDbContext>>().CreateDbContextAsync())
        {
            await db.Database.EnsureDeletedAsync();
        }

        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private ServiceProvider BuildServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddAdministrationStorage(Options, _folder);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AssertionReplay_SecondInsertOfTheSameId_IsARowCountOfZero_NotAnException_AndExpiryIsStoredAsEfReadsIt()
    {
        var store = _services.GetRequiredService<IAssertionReplayStore>();
        var expires = _clock.GetUtcNow().AddMinutes(5);

        Assert.True(store.TryAdd("_assertion-1", expires));
        Assert.False(store.TryAdd("_assertion-1", expires));
        Assert.True(store.TryAdd("_assertion-2", expires.AddHours(1)));

        // The raw insert stores the instant exactly as EF Core's model does: purging by time finds the right rows.
        Assert.Equal(0, await store.PurgeExpiredAsync(expires));
        Assert.Equal(1, await store.PurgeExpiredAsync(expires.AddSeconds(1)));
        Assert.True(store.TryAdd("_assertion-1", expires));
    }

    [Fact]
    public async Task Settings_AreSharedByTwoNodes_SetOverwrites_AndTryAddNeverOverwrites()
    {
        await using var nodeB = BuildServices();
        var a = _services.GetRequiredService<IFederationSettingsStore>();
        var b = nodeB.GetRequiredService<IFederationSettingsStore>();
        const string key = IFederationSettingsStore.ActiveThemeKey;

        Assert.Null(await b.GetAsync(key, CancellationToken.None));
        Assert.True(await a.TryAddAsync(key, "contoso", "import", CancellationToken.None));
        Assert.False(await b.TryAddAsync(key, "fabrikam", "import", CancellationToken.None));
        Assert.Equal("contoso", b.Get(key));

        await b.SetAsync(key, "fabrikam", "admin@test", CancellationToken.None);
        Assert.Equal("fabrikam", await a.GetAsync(key, CancellationToken.None));
        Assert.Equal("fabrikam", a.Get(key));

        await using var db = await _services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync();
        var row = Assert.Single(await db.Settings.AsNoTracking().ToListAsync());
        Assert.Equal(("themes.active", "fabrikam", "admin@test"), (row.Name, row.Value, row.UpdatedBy));
    }

    [Fact]
    public async Task RequestIdReplay_IsOneInsertIfAbsent_SharedByTwoNodes_StoresOnlyAHash_AndExpiredRowsArePurgedInBoundedBatches()
    {
        await using var nodeB = BuildServices();
        var a = _services.GetRequiredService<IRequestIdReplayStore>();
        var b = nodeB.GetRequiredService<IRequestIdReplayStore>();
        var expires = _clock.GetUtcNow().AddMinutes(10);

        Assert.True(a.TryAdd("authn\nurn:test:rp\n_request-1", expires));
        Assert.False(a.TryAdd("authn\nurn:test:rp\n_request-1", expires));
        Assert.False(b.TryAdd("authn\nurn:test:rp\n_request-1", expires));
        Assert.True(b.TryAdd("authn\nurn:test:other-rp\n_request-1", expires));

        // Concurrent inserts of one key through both nodes: exactly one wins (the primary key is the arbiter).
        var racers = Enumerable.Range(0, 8).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).TryAdd("logout\nurn:test:rp\n_race", expires)));
        Assert.Equal(1, (await Task.WhenAll(racers)).Count(won => won));

        await using (var db = await _services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync())
        {
            var rows = await db.RequestIdReplays.AsNoTracking().ToListAsync();
            Assert.Equal(3, rows.Count);
            Assert.All(rows, r => Assert.Matches("^[0-9a-f]{64}$", r.KeyHash));
            Assert.All(rows, r => Assert.Equal(expires, r.ExpiresAt));
        }

        // Bounded purge: only expired rows, at most the batch.
        for (var i = 0; i < 5; i++)
        {
            Assert.True(a.TryAdd("authn\nurn:test:rp\n_short-" + i, _clock.GetUtcNow().AddMinutes(1)));
        }

        Assert.Equal(0, a.PurgeExpired(_clock.GetUtcNow(), 100));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, a.PurgeExpired(_clock.GetUtcNow(), 2));
        Assert.Equal(3, a.PurgeExpired(_clock.GetUtcNow(), 100));

        // Opportunistic purge: once the window has passed, the next insert (after the purge interval) removes the rows,
        // and the expired request's key can be recorded again.
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True(b.TryAdd("authn\nurn:test:rp\n_fresh", _clock.GetUtcNow().AddMinutes(10)));
        await using (var db = await _services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(1, await db.RequestIdReplays.CountAsync());
        }

        Assert.True(a.TryAdd("authn\nurn:test:rp\n_request-1", _clock.GetUtcNow().AddMinutes(10)));
    }

    [Fact]
    public async Task TokenServiceUsers_AreKeyedByTrustAndSubject_SameUpnFromTwoTrustsIsTwoUsers()
    {
        var store = _services.GetRequiredService<ITokenServiceUserStore>();
        var (a, createdA) = await store.ProvisionAsync(new() { FederationIssuer = "https://a.test/", Subject = "immutableid:x", ObjectId = string.Empty, Upn = "Bob@Contoso.com" });
        var (b, createdB) = await store.ProvisionAsync(new() { FederationIssuer = "https://b.test/", Subject = "immutableid:x", ObjectId = string.Empty, Upn = "bob@contoso.com" });
        var (again, createdAgain) = await store.ProvisionAsync(new() { FederationIssuer = "https://a.test/", Subject = "immutableid:x", ObjectId = string.Empty, Upn = "robert@contoso.com" });

        Assert.True(createdA);
        Assert.True(createdB);
        Assert.False(createdAgain);
        Assert.NotEqual(a.Id, b.Id);
        Assert.NotEqual(a.ObjectId, b.ObjectId);
        Assert.Equal(a.Id, again.Id);
        Assert.Equal("robert@contoso.com", (await store.FindAsync(a.Id))!.Upn);
        Assert.Equal(1, await store.RevokeSessionsAsync("BOB@contoso.com", null, _clock.GetUtcNow()));
        Assert.Equal(1, await store.RevokeSessionsAsync("robert@contoso.com", "https://a.test/", _clock.GetUtcNow()));
        Assert.Equal(0, await store.SetEnabledAsync("bob@contoso.com", "https://a.test/", false));
        Assert.Empty(await _services.GetRequiredService<IUserStore>().ListAsync());
    }

    [Fact]
    public async Task RefreshTokenRotation_IsAtomic_ExactlyOneOfTwoConcurrentRotationsWins()
    {
        var store = _services.GetRequiredService<IRefreshTokenStore>();
        var now = _clock.GetUtcNow();
        var parent = Token("parent", now);
        await store.AddAsync(parent);

        var results = await Task.WhenAll(
            store.TryRotateAsync(parent.Id, Token("child-a", now), now),
            store.TryRotateAsync(parent.Id, Token("child-b", now), now));

        Assert.Equal(1, results.Count(r => r));
        Assert.NotNull((await store.FindByHashAsync("parent"))!.UsedAt);
        Assert.Equal("SERIAL01", (await store.FindByHashAsync(results[0] ? "child-a" : "child-b"))!.CertificateSerialNumber);
    }

    [Fact]
    public async Task FindByHashWithUser_ReadsTheTokenAndItsUsersCurrentState_InOneQuery()
    {
        // Issue 16: the refresh redemption's two reads (token, user session state) joined; nothing cached, so the user's
        // state is the one committed before the read.
        var store = _services.GetRequiredService<IRefreshTokenStore>();
        var users = _services.GetRequiredService<ITokenServiceUserStore>();
        var now = _clock.GetUtcNow();
        var (user, _) = await users.ProvisionAsync(new() { FederationIssuer = "https://a.test/", Subject = "immutableid:j", ObjectId = string.Empty, Upn = "joined@contoso.com" });
        var owned = Token("owned", now);
        owned.TokenServiceUserId = user.Id;
        await store.AddAsync(owned);
        var orphan = Token("orphan", now);
        orphan.TokenServiceUserId = null;
        await store.AddAsync(orphan);

        var (token, owner) = await store.FindByHashWithUserAsync("owned");
        Assert.Equal(owned.Id, token!.Id);
        Assert.Equal(user.Id, owner!.Id);
        Assert.True(owner.Enabled);
        Assert.Null(owner.StsRefreshTokensValidFrom);

        Assert.Equal(1, await users.RevokeSessionsAsync("joined@contoso.com", "https://a.test/", now));
        Assert.Equal(1, await users.SetEnabledAsync("joined@contoso.com", "https://a.test/", false));
        (token, owner) = await store.FindByHashWithUserAsync("owned");
        Assert.False(owner!.Enabled);
        Assert.True(owner.StsRefreshTokensValidFrom is { } validFrom && (validFrom - now).Duration() < TimeSpan.FromMilliseconds(1));
        Assert.Equal("SERIAL01", token!.CertificateSerialNumber);

        var (orphanToken, noUser) = await store.FindByHashWithUserAsync("orphan");
        Assert.Equal(orphan.Id, orphanToken!.Id);
        Assert.Null(noUser);

        var (unknown, nobody) = await store.FindByHashWithUserAsync("no-such-hash");
        Assert.Null(unknown);
        Assert.Null(nobody);
    }

    [Fact]
    public async Task RevokeFederationSession_RevokesWholeFamiliesOfThatIssuerAndNameId_LimitedBySessionIndex()
    {
        var store = _services.GetRequiredService<IRefreshTokenStore>();
        var now = _clock.GetUtcNow();
        RefreshTokenRecord Member(string hash, string family, string issuer, string nameId, string? sessionIndex)
        {
            var token = Token(hash, now);
            token.FamilyId = family;
            token.FederationIssuer = issuer;
            token.FederationNameId = nameId;
            token.FederationSessionIndex = sessionIndex;
            return token;
        }

        await store.AddAsync(Member("a1", "fam-a", "urn:fs", "alice", "_s1"));
        var rotated = Member("a2", "fam-a", "urn:fs", "alice", "_s1");
        Assert.True(await store.TryRotateAsync((await store.FindByHashAsync("a1"))!.Id, rotated, now));
        await store.AddAsync(Member("b1", "fam-b", "urn:fs", "alice", "_s2"));
        await store.AddAsync(Member("c1", "fam-c", "urn:fs", "alice", null));            // kept no SessionIndex: cannot be told apart
        await store.AddAsync(Member("d1", "fam-d", "urn:other-fs", "alice", "_s1"));    // another federation server
        await store.AddAsync(Member("e1", "fam-e", "urn:fs", "bob", "_s1"));            // another principal

        var (families, count) = await store.RevokeFederationSessionAsync("urn:fs", "alice", ["_s1"], "federation logout", now);

        Assert.Equal(["fam-a", "fam-c"], families.Order(StringComparer.Ordinal));
        Assert.Equal(3, count);
        foreach (var hash in new[] { "a1", "a2", "c1" })
        {
            Assert.Equal("federation logout", (await store.FindByHashAsync(hash))!.RevocationReason);
        }

        foreach (var hash in new[] { "b1", "d1", "e1" })
        {
            Assert.Null((await store.FindByHashAsync(hash))!.RevokedAt);
        }

        // Without a SessionIndex every sign-in of the principal from that issuer ends; a second call finds nothing left.
        Assert.Equal((1, 1), await Summary(store.RevokeFederationSessionAsync("urn:fs", "alice", [], "federation logout", now)));
        Assert.Equal((0, 0), await Summary(store.RevokeFederationSessionAsync("urn:fs", "alice", [], "federation logout", now)));

        static async Task<(int Families, int Count)> Summary(Task<(IReadOnlyList<string> FamilyIds, int Count)> call)
        {
            var (ids, tokens) = await call;
            return (ids.Count, tokens);
        }
    }

    [Fact]
    public async Task RevokeByAuthorizationCodes_RevokesWholeFamiliesOfThoseCodesOnly_AndIsBounded()
    {
        // Sign-out cleanup (issue 14): the codes listed in one browser's session cookie end their families, nothing else.
        var store = _services.GetRequiredService<IRefreshTokenStore>();
        var now = _clock.GetUtcNow();
        RefreshTokenRecord Member(string hash, string family, string? codeHash)
        {
            var token = Token(hash, now);
            token.FamilyId = family;
            token.AuthorizationCodeHash = codeHash;
            return token;
        }

        await store.AddAsync(Member("k1", "fam-k", "CODE-A"));
        Assert.True(await store.TryRotateAsync((await store.FindByHashAsync("k1"))!.Id, Member("k2", "fam-k", null), now)); // a child need not carry the hash
        await store.AddAsync(Member("l1", "fam-l", "CODE-B"));
        await store.AddAsync(Member("m1", "fam-m", "CODE-C"));   // same user, another browser's code
        await store.AddAsync(Member("n1", "fam-n", null));       // SAML bearer grant: no code

        Assert.Equal((2, 3), await store.RevokeByAuthorizationCodesAsync(["CODE-A", "CODE-B", "CODE-UNKNOWN"], "sign-out cleanup", now));

        foreach (var hash in new[] { "k1", "k2", "l1" })
        {
            Assert.Equal("sign-out cleanup", (await store.FindByHashAsync(hash))!.RevocationReason);
        }

        Assert.Null((await store.FindByHashAsync("m1"))!.RevokedAt);
        Assert.Null((await store.FindByHashAsync("n1"))!.RevokedAt);
        Assert.Equal((0, 0), await store.RevokeByAuthorizationCodesAsync(["CODE-A"], "sign-out cleanup", now));
        Assert.Equal((0, 0), await store.RevokeByAuthorizationCodesAsync([], "sign-out cleanup", now));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.RevokeByAuthorizationCodesAsync(
            Enumerable.Range(0, IRefreshTokenStore.MaxCodeHashesPerCleanup + 1).Select(i => "H" + i).ToList(), "x", now));
    }

    [Fact]
    public async Task DeleteUnredeemedCodes_DeletesOnlyListedCodesNotYetRedeemed()
    {
        var codes = _services.GetRequiredService<IAuthorizationCodeStore>();
        var now = _clock.GetUtcNow();
        AuthorizationCodeRecord Code(string hash) => new()
        {
            CodeHash = hash, ClientId = "client", RedirectUri = "https://app.test/cb", Scopes = "openid", Upn = "alice@contoso.com",
            FederationIssuer = "urn:fs", AuthTime = now, IssuedAt = now, ExpiresAt = now.AddMinutes(5),
        };

        await codes.AddAsync(Code("PENDING"));
        await codes.AddAsync(Code("REDEEMED"));
        await codes.AddAsync(Code("OTHER-BROWSER"));
        Assert.True(await codes.TryRedeemAsync((await codes.FindByHashAsync("REDEEMED"))!.Id, now));

        Assert.Equal(1, await codes.DeleteUnredeemedAsync(["PENDING", "REDEEMED", "UNKNOWN"]));

        Assert.Null(await codes.FindByHashAsync("PENDING"));
        Assert.NotNull(await codes.FindByHashAsync("REDEEMED"));       // kept: a replay of it must still be detected
        Assert.NotNull(await codes.FindByHashAsync("OTHER-BROWSER"));
        Assert.Equal(0, await codes.DeleteUnredeemedAsync([]));
    }

    [Fact]
    public async Task RefreshTokenRotation_OneCommand_EightConcurrentRedemptionsOneWinner_ChildReadsBackAsWritten_UsedOrRevokedParentClaimsNothing()
    {
        // The rotation is one command (src/CertAuth.Federation.Storage/Stores/RefreshTokenRotationCommand.cs): the child
        // row it writes must read back through EF Core exactly as written (instants, nulls), on both providers.
        var store = _services.GetRequiredService<IRefreshTokenStore>();
        var now = _clock.GetUtcNow();
        var parent = Token("rot-parent", now);
        await store.AddAsync(parent);
        var children = Enumerable.Range(0, 8).Select(i =>
        {
            var child = Token("rot-child-" + i, now.AddMinutes(1));
            child.ParentId = parent.Id;
            child.ExpiresAt = now.AddHours(5).AddMilliseconds(700);
            child.FederationNameId = "name-" + i;
            child.TokenServiceUserId = 42;
            return child;
        }).ToList();

        var results = await Task.WhenAll(children.Select(c => store.TryRotateAsync(parent.Id, c, now.AddSeconds(30))));

        Assert.Equal(1, results.Count(r => r));
        var winner = children[Array.IndexOf(results, true)];
        Assert.True(winner.Id > parent.Id);
        var read = await store.FindByHashAsync(winner.TokenHash);
        Assert.NotNull(read);
        Assert.Equal(winner.Id, read.Id);
        Assert.Equal(parent.Id, read.ParentId);
        Assert.Equal(now.AddMinutes(1), read.IssuedAt);
        Assert.Equal(now.AddHours(5).AddMilliseconds(700), read.ExpiresAt);
        Assert.Equal(now.AddMinutes(1).AddDays(90), read.AbsoluteExpiresAt);
        Assert.Null(read.UsedAt);
        Assert.Null(read.RevokedAt);
        Assert.Null(read.AuthorizationCodeHash);
        Assert.Equal(winner.FederationNameId, read.FederationNameId);
        Assert.Equal(42, read.TokenServiceUserId);
        Assert.Equal(now.AddSeconds(30), (await store.FindByHashAsync("rot-parent"))!.UsedAt);
        foreach (var loser in children.Where(c => !ReferenceEquals(c, winner)))
        {
            Assert.Null(await store.FindByHashAsync(loser.TokenHash));
        }

        // A used parent (the winner's parent) and a revoked one claim nothing and store nothing.
        Assert.False(await store.TryRotateAsync(parent.Id, Token("rot-late", now), now));
        Assert.Equal(2, await store.RevokeFamilyAsync("family", "test", now));
        Assert.False(await store.TryRotateAsync(winner.Id, Token("rot-after-revoke", now), now));
        Assert.Null(await store.FindByHashAsync("rot-late"));
        Assert.Null(await store.FindByHashAsync("rot-after-revoke"));
    }

    private static RefreshTokenRecord Token(string hash, DateTimeOffset now) => new()
    {
        TokenHash = hash,
        FamilyId = "family",
        Upn = "alice@contoso.com",
        ClientId = "client",
        Scopes = "openid",
        AuthTime = now,
        IssuedAt = now,
        ExpiresAt = now.AddDays(1),
        AbsoluteExpiresAt = now.AddDays(90),
        FederationIssuer = "urn:fs",
        CertificateSerialNumber = "SERIAL01",
        CertificateIssuer = "CN=CA",
    };

    [Fact]
    public async Task Users_AreFoundCaseInsensitively_AndDuplicatesAreRefused()
    {
        var users = _services.GetRequiredService<IUserStore>();
        await users.AddAsync(new UserRecord { Upn = "Alice@Contoso.com", Email = "Alice@contoso.com", ImmutableId = "a1" });

        Assert.Equal("alice@contoso.com", (await users.FindByUpnAsync("ALICE@contoso.COM"))!.Upn);
        Assert.NotNull(await users.FindByEmailAsync("alice@CONTOSO.com"));
        await Assert.ThrowsAsync<StoreConflictException>(() => users.AddAsync(new UserRecord { Upn = "alice@contoso.com", ImmutableId = "a2" }));
    }

    [Fact]
    public async Task FindByEmail_WhenTwoUsersShareTheAddress_ReturnsNoOne()
    {
        var users = _services.GetRequiredService<IUserStore>();
        await users.AddAsync(new UserRecord { Upn = "a@contoso.com", Email = "shared@contoso.com", ImmutableId = "1" });
        await users.AddAsync(new UserRecord { Upn = "b@contoso.com", Email = "shared@contoso.com", ImmutableId = "2" });

        Assert.Null(await users.FindByEmailAsync("shared@contoso.com"));
    }

    [Fact]
    public async Task RevokeSessions_SetsValidFromToNow_AndSurvivesRestart()
    {
        var users = _services.GetRequiredService<IUserStore>();
        await users.AddAsync(new UserRecord { Upn = "bob@contoso.com", ImmutableId = "b1" });
        _clock.Advance(TimeSpan.FromMinutes(5));

        var stamp = await users.RevokeSessionsAsync("bob@contoso.com");
        Assert.Equal(_clock.GetUtcNow(), stamp);
        Assert.Null(await users.RevokeSessionsAsync("nobody@contoso.com"));

        await using var restarted = BuildServices();
        var reloaded = await restarted.GetRequiredService<IUserStore>().FindByUpnAsync("bob@contoso.com");
        Assert.Equal(stamp, reloaded!.StsRefreshTokensValidFrom);
    }

    [Fact]
    public async Task RelyingParty_ListsRoundTrip_AndUpdateReplaces()
    {
        var store = _services.GetRequiredService<IRelyingPartyStore>();
        await store.AddAsync(new RelyingPartyRecord { EntityId = "urn:rp", AssertionConsumerServiceUrls = ["https://rp/acs", "https://rp/acs2"] });

        var found = await store.FindByEntityIdAsync("urn:rp");
        Assert.Equal(["https://rp/acs", "https://rp/acs2"], found!.AssertionConsumerServiceUrls);

        found.AssertionConsumerServiceUrls = ["https://rp/only"];
        found.RequireSignedRequests = true;
        Assert.True(await store.UpdateAsync(found));
        var updated = await store.FindByEntityIdAsync("urn:rp");
        Assert.Equal(["https://rp/only"], updated!.AssertionConsumerServiceUrls);
        Assert.True(updated.RequireSignedRequests);

        await Assert.ThrowsAsync<StoreConflictException>(() => store.AddAsync(new RelyingPartyRecord { EntityId = "urn:rp" }));
        Assert.True(await store.RemoveAsync("urn:rp"));
        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task TrustedAuthorities_VersionChangesWhenTheSetChanges()
    {
        var store = _services.GetRequiredKeyedService<ITrustedAuthorityStore>(StoreRole.Federation);
        var before = await store.GetVersionAsync();
        await store.AddAsync(new TrustedAuthorityRecord { Id = "ca1", Certificate = [1, 2], Thumbprint = "AA", Subject = "CN=CA" });
        var afterAdd = await store.GetVersionAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var record = (await store.FindAsync("ca1"))!;
        record.CrlDistributionPoint = "http://127.0.0.1/crl";
        await store.UpdateAsync(record);

        Assert.NotEqual(before, afterAdd);
        Assert.NotEqual(afterAdd, await store.GetVersionAsync());
        await Assert.ThrowsAsync<StoreConflictException>(() =>
            store.AddAsync(new TrustedAuthorityRecord { Id = "ca2", Certificate = [1, 2], Thumbprint = "AA", Subject = "CN=CA" }));
    }

    [Fact]
    public async Task BothRolesInOneDatabase_KeepTheirOwnCaListsCrlStateRefreshRequestsAndAudit()
    {
        var federation = _services.GetRequiredKeyedService<ITrustedAuthorityStore>(StoreRole.Federation);
        var tokenService = _services.GetRequiredKeyedService<ITrustedAuthorityStore>(StoreRole.TokenService);
        await federation.AddAsync(new TrustedAuthorityRecord { Id = "ca-fs", Certificate = [1], Thumbprint = "F1", Subject = "CN=FS only" });
        await tokenService.AddAsync(new TrustedAuthorityRecord { Id = "ca-ts", Certificate = [2], Thumbprint = "T1", Subject = "CN=TS only" });
        await _services.GetRequiredKeyedService<ICrlStateRepository>(StoreRole.Federation).SetAsync(new CrlStateRecord { Key = "ca-fs", LastCrlNumber = "7" });
        await _services.GetRequiredKeyedService<ICrlRefreshRequestStore>(StoreRole.TokenService).RequestAsync("ca-ts", "admin");
        await _services.GetRequiredKeyedService<IAuditLog>(StoreRole.Federation).WriteAsync("admin", "ca.add", "ca-fs");

        Assert.Equal(["ca-fs"], (await federation.ListAsync()).Select(a => a.Id));
        Assert.Equal(["ca-ts"], (await tokenService.ListAsync()).Select(a => a.Id));
        Assert.Empty(await _services.GetRequiredKeyedService<ICrlStateRepository>(StoreRole.TokenService).ListAsync());
        Assert.Empty(await _services.GetRequiredKeyedService<ICrlRefreshRequestStore>(StoreRole.Federation).ListAsync());
        Assert.Empty(await _services.GetRequiredKeyedService<IAuditLog>(StoreRole.TokenService).ListAsync());
        Assert.Single(await _services.GetRequiredKeyedService<IAuditLog>(StoreRole.Federation).ListAsync());
    }

    [Fact]
    public async Task AuditLog_KeepsNewestFirst()
    {
        var audit = _services.GetRequiredKeyedService<IAuditLog>(StoreRole.TokenService);
        await audit.WriteAsync("admin", "rp.add", "urn:a");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await audit.WriteAsync("admin", "rp.remove", "urn:a");

        var entries = await audit.ListAsync();
        Assert.Equal(["rp.remove", "rp.add"], entries.Select(e => e.Action));
        Assert.Equal(_clock.GetUtcNow(), entries[0].Timestamp);
    }
}

/// <summary>The stores on the embedded default: a SQLite file under a relative path.</summary>
public sealed class SqliteStoreTests : StoreTests
{
    protected override StorageOptions Options { get; } = new() { ConnectionString = "Data Source=db/certauth.db" };

    [Fact]
    public void RelativeSqlitePath_IsResolvedAgainstContentRoot()
    {
        Assert.True(File.Exists(Path.Combine(_folder, "db", "certauth.db")));
    }
}

/// <summary>
/// The stores on PostgreSQL, in a database of their own. <c>./test.sh</c> starts a throwaway PostgreSQL server on
/// loopback and sets <c>CERTAUTH_TEST_POSTGRES</c>; without it these tests fail (they never skip silently).
/// </summary>
public sealed class PostgreSqlStoreTests : StoreTests
{
    protected override StorageOptions Options { get; } = new()
    {
        Provider = StorageProvider.PostgreSQL,
        ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(
            Environment.GetEnvironmentVariable("CERTAUTH_TEST_POSTGRES")
            ?? throw new InvalidOperationException("CERTAUTH_TEST_POSTGRES is not set: run ./test.sh, which starts PostgreSQL for the tests."))
        {
            Database = "certauth_" + Guid.NewGuid().ToString("N")[..12],
        }.ConnectionString,
    };
}
