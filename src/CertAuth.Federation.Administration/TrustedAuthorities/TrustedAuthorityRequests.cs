using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Administration.TrustedAuthorities;

/// <summary>
/// Adding a trusted CA. <paramref name="CertificateSource"/> names where the bytes came from in messages (e.g.
/// <c>--cert: 'ca.cer'</c>); <paramref name="Kind"/> null means the type given was not RootAuthority or IntermediateAuthority.
/// </summary>
public sealed record TrustedAuthorityAddRequest(
    byte[] Certificate,
    string CertificateSource,
    CertificateAuthorityType? Kind,
    string? Crl,
    string? DeltaCrl,
    string? Issuer,
    string? IssuerSki,
    string? CrlGrace);

/// <summary>Changing a trusted CA; null leaves a field as it is, a <c>Clear*</c> flag empties it.</summary>
public sealed record TrustedAuthoritySetRequest(
    string Id,
    string? Crl,
    bool ClearCrl,
    string? DeltaCrl,
    bool ClearDeltaCrl,
    string? Issuer,
    string? IssuerSki,
    string? CrlGrace,
    bool ClearCrlGrace);

/// <summary>A trusted CA and the roles whose lists hold it.</summary>
public sealed record TrustedAuthorityEntry(TrustedAuthorityRecord Record, IReadOnlyList<StoreRole> Roles);

/// <summary>What <c>set</c> changed: the CA, one "field=value" line of changes, the roles changed.</summary>
public sealed record TrustedAuthorityChange(TrustedAuthorityRecord Record, string Details, IReadOnlyList<StoreRole> Roles);

/// <summary>One CRL (base or delta) of one CA in one role, as last seen by that role.</summary>
public sealed record CrlStatusEntry(string CaId, string Kind, string? Url, CrlStateRecord? State, StoreRole Role);

/// <summary>A CRL refresh request: what was asked (<c>*</c> for every CA), when, in which roles.</summary>
public sealed record CrlRefreshRequested(string Target, DateTimeOffset RequestedAt, IReadOnlyList<StoreRole> Roles);
