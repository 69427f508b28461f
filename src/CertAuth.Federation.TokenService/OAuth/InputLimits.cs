namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>Every input bound of the token service, in one place.</summary>
internal static class InputLimits
{
    /// <summary>Largest request body (the ACS form carries a SAMLResponse).</summary>
    public const int MaxRequestBodyBytes = 768 * 1024;

    /// <summary>Largest token-endpoint form (a saml2-bearer assertion is the biggest value).</summary>
    public const int MaxTokenFormBytes = 256 * 1024;

    public const int MaxFormValues = 16;

    public const int MaxClientIdLength = 128;

    public const int MaxClientSecretLength = 256;

    public const int MaxRedirectUriLength = 2048;

    public const int MaxStateLength = 1024;

    public const int MaxNonceLength = 512;

    public const int MaxScopeLength = 1024;

    public const int MaxCodeVerifierLength = 128;

    public const int MaxAssertionLength = 200 * 1024;

    public const int MaxRelayStateLength = 1024;
}
