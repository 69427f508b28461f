namespace CertAuth.Federation.Storage;

/// <summary>
/// The two roles, each with its own store (issue 12): the federation server (directory users, relying-party trusts, its
/// trusted CAs, CRL state, audit) and the token service (its users, OAuth clients, federation trusts, grants, its own
/// trusted-CA list, CRL state, audit). No table is read or written by both.
/// </summary>
public enum StoreRole
{
    /// <summary>The SAML identity provider (the AD FS role).</summary>
    Federation = 0,

    /// <summary>The relying-party token service (the Azure AD role).</summary>
    TokenService = 1,
}
