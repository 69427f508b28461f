namespace CertAuth.Federation.Storage.Stores;

/// <summary>Thrown when an add would duplicate a unique key (entity id, UPN, thumbprint).</summary>
public sealed class StoreConflictException(string message) : Exception(message);
