namespace CertAuth.Federation.Server.Errors;

/// <summary>What a failure is about; decides which guidance an error page shows.</summary>
public enum SignInErrorCategory
{
    /// <summary>The certificate (missing, untrusted, expired, revoked…): certificate and browser guidance.</summary>
    Certificate,

    /// <summary>The account the certificate maps to.</summary>
    Account,

    /// <summary>The request from the application.</summary>
    Request,

    /// <summary>The service itself (busy, fault).</summary>
    Service,
}
