namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>Thrown by <see cref="CrlParser.Parse(ReadOnlyMemory{byte})"/> when the input is not a well-formed CRL.</summary>
public sealed class CrlFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CrlFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CrlFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the typed reason (e.g. <see cref="CrlErrorCode.UnsupportedCriticalExtension"/>).</summary>
    public CrlFormatException(CrlErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public CrlFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why the CRL cannot be used: <see cref="CrlErrorCode.Unparsable"/> unless the CRL is well formed but unusable.</summary>
    public CrlErrorCode Code { get; } = CrlErrorCode.Unparsable;
}
