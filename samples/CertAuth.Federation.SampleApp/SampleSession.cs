namespace CertAuth.Federation.SampleApp;

/// <summary>One browser's state in the sample app (kept in memory, keyed by a random cookie value).</summary>
public sealed class SampleSession
{
    /// <summary>Guards the form posts of this session (sent as a hidden field).</summary>
    public string FormToken { get; } = SampleSessionStore.NewId();

    /// <summary>The pending sign-in's <c>state</c>, or null.</summary>
    public string? PendingState { get; set; }

    /// <summary>The pending sign-in's PKCE verifier.</summary>
    public string? PendingVerifier { get; set; }

    /// <summary>The pending sign-in's nonce (echoed in the id token).</summary>
    public string? PendingNonce { get; set; }

    public string? AccessToken { get; set; }

    public string? IdToken { get; set; }

    public string? RefreshToken { get; set; }

    /// <summary>What the last action did, shown once on the home page.</summary>
    public SampleMessage? Message { get; set; }
}
