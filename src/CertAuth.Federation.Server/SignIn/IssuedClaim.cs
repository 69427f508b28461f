namespace CertAuth.Federation.Server.SignIn;

/// <summary>One claim to issue: a type URI and a string value.</summary>
public sealed record IssuedClaim(string Type, string Value);
