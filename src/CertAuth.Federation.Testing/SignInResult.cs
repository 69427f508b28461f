using System.Net;
using System.Security.Claims;
using System.Xml;

namespace CertAuth.Federation.Testing;

/// <summary>
/// What a certificate sign-in ended with, as a browser would see it: either the auto-POST form carrying the
/// SAMLResponse to the relying party's assertion consumer service (<see cref="Succeeded"/>), or an error page with a
/// stable error code such as <c>CAF1005</c> (revoked certificate).
/// </summary>
public sealed class SignInResult
{
    internal SignInResult(
        HttpStatusCode status, string html, string? errorCode, string? correlationId, Uri? postedTo,
        XmlDocument? samlResponse, IReadOnlyList<Claim> claims, string? nameId, string? audience, DateTimeOffset? issuedAt)
    {
        Status = status;
        Html = html;
        ErrorCode = errorCode;
        CorrelationId = correlationId;
        PostedTo = postedTo;
        SamlResponse = samlResponse;
        Claims = claims;
        NameId = nameId;
        Audience = audience;
        IssuedAt = issuedAt;
    }

    /// <summary>True when the server answered with a SAMLResponse for the relying party.</summary>
    public bool Succeeded => SamlResponse is not null;

    /// <summary>HTTP status of the last page (200 for the auto-POST form, 4xx for error pages).</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The last page's HTML.</summary>
    public string Html { get; }

    /// <summary>The stable error code of an error page (e.g. <c>CAF1005</c>), or null.</summary>
    public string? ErrorCode { get; }

    /// <summary>The correlation id shown on an error page, or null.</summary>
    public string? CorrelationId { get; }

    /// <summary>The assertion consumer service URL the form posts to, or null on an error page.</summary>
    public Uri? PostedTo { get; }

    /// <summary>
    /// The decoded SAMLResponse (whitespace preserved, so its signatures can be verified with
    /// <see cref="System.Security.Cryptography.Xml.SignedXml"/> and <see cref="FederationServerFixture.TokenSigningCertificate"/>).
    /// </summary>
    public XmlDocument? SamlResponse { get; }

    /// <summary>The RelayState the form posts back with the SAMLResponse, or null.</summary>
    public string? RelayState { get; internal set; }

    /// <summary>The SAMLResponse form field exactly as posted (base64).</summary>
    internal string? EncodedSamlResponse { get; set; }

    /// <summary>The assertion's attributes as claims (type = attribute Name, one claim per value).</summary>
    public IReadOnlyList<Claim> Claims { get; }

    /// <summary>The subject's NameID.</summary>
    public string? NameId { get; }

    /// <summary>The assertion's audience (the relying party's entity id).</summary>
    public string? Audience { get; }

    /// <summary>The assertion's IssueInstant (from the server's clock, i.e. <see cref="FederationServerFixture.Clock"/>).</summary>
    public DateTimeOffset? IssuedAt { get; }

    /// <summary>The certificate's serial number (upper-case hex) from the <c>serialnumber</c> claim.</summary>
    public string? SerialNumber => FindFirst(FederationClaimTypes.SerialNumber);

    /// <summary>The certificate issuer's distinguished name from the <c>issuer</c> claim.</summary>
    public string? Issuer => FindFirst(FederationClaimTypes.Issuer);

    /// <summary>The first value of <paramref name="claimType"/>, or null.</summary>
    public string? FindFirst(string claimType) =>
        Claims.FirstOrDefault(c => string.Equals(c.Type, claimType, StringComparison.Ordinal))?.Value;
}
