namespace CertAuth.Federation.AdminApi;

/// <summary>Stable codes of the admin HTTP API's own refusals (the managers' codes are <c>AdminCodes</c>, CAA1xxx).</summary>
public static class AdminApiCodes
{
    /// <summary>401: no client certificate was presented on the admin listener.</summary>
    public const string CertificateRequired = "CAA2001";

    /// <summary>403: the client certificate is not a valid client-authentication certificate issued by the admin CA.</summary>
    public const string CertificateNotAdmin = "CAA2002";

    /// <summary>
    /// 429: too many requests from this client address (the partition is the TCP peer's IP address, counted before the
    /// client certificate is checked, so every certificate presented from one address shares the window).
    /// </summary>
    public const string RateLimited = "CAA2003";

    /// <summary>400: the request body is not the JSON the endpoint takes.</summary>
    public const string BadRequest = "CAA2004";

    /// <summary>413: the request body is larger than <c>Admin:MaxRequestBytes</c>.</summary>
    public const string TooLarge = "CAA2005";

    /// <summary>404: no such admin endpoint.</summary>
    public const string NoSuchEndpoint = "CAA2006";

    /// <summary>403: the admin certificate is on the admin CA's CRL (<c>Admin:CrlUrl</c>).</summary>
    public const string CertificateRevoked = "CAA2007";

    /// <summary>503: <c>Admin:CrlUrl</c> is set but no valid CRL of the admin CA can be obtained: every admin request is refused (fail closed).</summary>
    public const string RevocationUnavailable = "CAA2008";
}
