#!/bin/sh
# Runs the Release build of the product (both roles) for the load driver, on its own loopback ports so that it does not
# collide with a development instance: federation server https://localhost:46300 (certificate listener 46443), token
# service https://localhost:46301, dev CRL distribution point http://localhost:46380; a fresh database, data-protection
# keys and token-service keys in a temp folder (printed). The dev PKI in certs-dev/ is used (generated when missing).
#   dotnet build -c Release src/CertAuth.Federation.Host && bench/product.sh > /tmp/product.log 2>&1 &
#   dotnet run -c Release --project bench/CertAuth.Federation.LoadDriver -- signin --mode keepalive \
#     --federation-url https://localhost:46300 --token-service-url https://localhost:46301 --server-pid <pid>
# Optional argument: another build folder of the host (e.g. a copy of an older build, to compare before/after).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
host_dir=${1:-$root/src/CertAuth.Federation.Host/bin/Release/net10.0}
data=$(mktemp -d "${TMPDIR:-/tmp}/certauth-bench-XXXXXX")
echo "bench/product.sh: data in $data, host $host_dir" >&2
export DevPki__CrlListenUrl=http://localhost:46380
export Storage__ConnectionString="Data Source=$data/certauth.db"
export Federation__DataProtectionKeysPath="$data/keys"
export Federation__PublicUrl=https://localhost:46300
export Federation__CertificateSignInUrl=https://localhost:46443
export Federation__TrustedCertificateAuthorities__0__CrlDistributionPoint=http://localhost:46380/crl/root-ca.crl
export Federation__TrustedCertificateAuthorities__1__CrlDistributionPoint=http://localhost:46380/crl/issuing-ca.crl
export Federation__TrustedCertificateAuthorities__1__DeltaCrlDistributionPoint=http://localhost:46380/crl/issuing-ca-delta.crl
export Federation__RelyingParties__0__AssertionConsumerServiceUrls__0=https://localhost:46301/saml2/acs
export TokenService__PublicUrl=https://localhost:46301
export TokenService__DataPath="$data/ts"
export TokenService__FederationServers__0__SingleSignOnUrl=https://localhost:46300/adfs/ls/
export SampleApp__Enabled=false
# A confidential client for the load driver's `refresh --client-id bench-confidential --client-secret <secret>`, when
# BENCH_CLIENT_SECRET_HASH holds the secret's stored hash (pbkdf2-sha256$100000$<salt b64>$<hash b64>, docs/performance.md).
if [ -n "${BENCH_CLIENT_SECRET_HASH:-}" ]; then
  export TokenService__Clients__1__ClientId=bench-confidential
  export TokenService__Clients__1__DisplayName="Load driver (confidential)"
  export TokenService__Clients__1__Public=false
  export TokenService__Clients__1__SecretHash="$BENCH_CLIENT_SECRET_HASH"
  export TokenService__Clients__1__RedirectUris__0=http://127.0.0.1/callback
  export TokenService__Clients__1__AllowedScopes__0=openid
  export TokenService__Clients__1__AllowedScopes__1=offline_access
  export TokenService__Clients__1__AllowedGrantTypes__0=authorization_code
  export TokenService__Clients__1__AllowedGrantTypes__1=refresh_token
fi
# The per-client-IP rate limits would throttle a load run from one loopback address.
export Federation__RateLimits__Enabled=false
export TokenService__RateLimits__Enabled=false
cd "$root"
exec dotnet "$host_dir/CertAuth.Federation.Host.dll"
