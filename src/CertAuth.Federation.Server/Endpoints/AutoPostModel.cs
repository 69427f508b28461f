namespace CertAuth.Federation.Server.Endpoints;

/// <summary>An HTML form that the browser posts to <see cref="Action"/> (SAML HTTP-POST binding).</summary>
public sealed record AutoPostModel(string Action, IReadOnlyList<KeyValuePair<string, string>> Fields);
