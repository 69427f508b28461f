namespace CertAuth.Federation.SampleApp;

/// <summary>The token endpoint's answer: tokens, or an OAuth error code and description.</summary>
public sealed record TokenAnswer(string? AccessToken, string? IdToken, string? RefreshToken, string? Error, string? ErrorDescription)
{
    public bool Succeeded => AccessToken is not null && Error is null;
}
