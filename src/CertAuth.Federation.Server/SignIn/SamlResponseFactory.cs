using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Domain;
using CertAuth.Federation.Server.RelyingParties;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>Builds the SAML 2.0 Response model for a successful or failed sign-in (SAML 2.0 Profiles §4.1.4.2).</summary>
public sealed class SamlResponseFactory(IOptions<FederationServerOptions> options, SamlIdGenerator ids)
{
    /// <summary>A Success Response with one Assertion carrying a bearer confirmation and the claims.</summary>
    public SamlResponse CreateSuccess(
        SignInContext context,
        RelyingPartyTrust relyingParty,
        DirectoryUser user,
        IReadOnlyList<IssuedClaim> claims,
        DateTimeOffset now)
    {
        var issuer = options.Value.ResolvedEntityId;
        var assertion = CreateAssertion(context, relyingParty, user, claims, now);
        var response = new SamlResponse
        {
            Id = ids.NewId(),
            InResponseTo = context.RequestId,
            IssueInstant = now,
            Destination = context.AssertionConsumerServiceUrl,
            Issuer = issuer,
            Status = new SamlStatus { StatusCode = SamlStatusCodes.Success },
        };
        response.Assertions.Add(assertion);
        return response;
    }

    /// <summary>
    /// The assertion of a successful sign-in: bearer confirmation for the context's endpoint (and request, if any),
    /// audience = the relying party, the X.509 authentication context and the issued claims. The WS-Federation answer
    /// writes the same model as SAML 1.1 or SAML 2.0, so both protocols carry the same claim set.
    /// </summary>
    public Assertion CreateAssertion(
        SignInContext context,
        RelyingPartyTrust relyingParty,
        DirectoryUser user,
        IReadOnlyList<IssuedClaim> claims,
        DateTimeOffset now)
    {
        var issuer = options.Value.ResolvedEntityId;
        var notOnOrAfter = now + relyingParty.TokenLifetime;
        var assertion = new Assertion
        {
            Id = ids.NewId(),
            IssueInstant = now,
            Issuer = issuer,
            Subject = new Subject
            {
                NameId = CreateNameId(context.NameIdFormat, user, relyingParty, issuer),
                SubjectConfirmations =
                {
                    new SubjectConfirmation
                    {
                        Method = SubjectConfirmationMethods.Bearer,
                        Data = new SubjectConfirmationData
                        {
                            Recipient = context.AssertionConsumerServiceUrl,
                            InResponseTo = context.RequestId,
                            // Bearer confirmation is short-lived: the browser posts it at once.
                            NotOnOrAfter = now + TimeSpan.FromMinutes(5),
                        },
                    },
                },
            },
            Conditions = new Conditions
            {
                NotBefore = now - options.Value.ClockSkew,
                NotOnOrAfter = notOnOrAfter,
                AudienceRestrictions = { new AudienceRestriction { Audiences = { relyingParty.EntityId } } },
            },
            AuthnStatements =
            {
                new AuthnStatement
                {
                    AuthnInstant = now,
                    SessionIndex = ids.NewId(),
                    AuthnContextClassRef = AuthnContextClasses.X509,
                },
            },
            AttributeStatement = CreateAttributes(claims),
        };

        return assertion;
    }

    /// <summary>An error Response (no Assertion) for a known relying party (SAML 2.0 Core §3.2.2.2).</summary>
    public SamlResponse CreateError(string destination, string? inResponseTo, string statusCode, string? secondLevel, string message, DateTimeOffset now) => new()
    {
        Id = ids.NewId(),
        InResponseTo = inResponseTo,
        IssueInstant = now,
        Destination = destination,
        Issuer = options.Value.ResolvedEntityId,
        Status = new SamlStatus { StatusCode = statusCode, SecondLevelStatusCode = secondLevel, StatusMessage = message },
    };

    private NameId CreateNameId(string format, DirectoryUser user, RelyingPartyTrust relyingParty, string issuer) => format switch
    {
        NameIdFormats.EmailAddress when !string.IsNullOrEmpty(user.Email) => new NameId { Format = format, Value = user.Email },
        NameIdFormats.Persistent => new NameId { Format = format, Value = user.ImmutableId, NameQualifier = issuer, SPNameQualifier = relyingParty.EntityId },
        NameIdFormats.Transient => new NameId { Format = format, Value = ids.NewId() },
        _ => new NameId { Format = NameIdFormats.Unspecified, Value = user.Upn },
    };

    private static AttributeStatement? CreateAttributes(IReadOnlyList<IssuedClaim> claims)
    {
        if (claims.Count == 0)
        {
            return null;
        }

        var statement = new AttributeStatement();
        foreach (var group in claims.GroupBy(c => c.Type, StringComparer.Ordinal))
        {
            var attribute = new SamlAttribute { Name = group.Key, NameFormat = AttributeNameFormats.Uri };
            foreach (var claim in group)
            {
                attribute.Values.Add(claim.Value);
            }

            statement.Attributes.Add(attribute);
        }

        return statement;
    }
}
