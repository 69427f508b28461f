namespace CertAuth.Federation.Server.Endpoints;

/// <summary>
/// The signed-out page of a logout: images that send <c>wa=wsignoutcleanup1.0</c> to each WS-Federation relying party of
/// the session (as AD FS does), then a way on — a link to <see cref="ContinueUrl"/> (the checked <c>wreply</c>, or the
/// initiator's LogoutResponse over HTTP-Redirect) or the <see cref="ContinueForm"/> (its LogoutResponse over HTTP-POST).
/// </summary>
public sealed record SignedOutModel(IReadOnlyList<string> CleanupUrls, string? ContinueUrl, AutoPostModel? ContinueForm);
