#!/usr/bin/env bash
# Walks the whole OAuth code flow against the running product with curl, as a browser would:
#   token service /oauth2/authorize -> federation server (SAML) -> certificate listener (client certificate)
#   -> auto-POST to /saml2/acs -> redirect with code -> /oauth2/token (code + PKCE verifier) -> refresh.
# Usage: scripts/code-flow.sh [user] [client-id] [redirect-uri]   (run the product first; default user alice)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
user=${1:-alice}
client=${2:-sample-app}
redirect=${3:-http://127.0.0.1/callback}
pki="$root/certs-dev"
tokens="https://localhost:44301"
jar=$(mktemp); trap 'rm -f "$jar"' EXIT
c=(curl -sS --cacert "$pki/root-ca.pem" --cert "$pki/$user.pem" --key "$pki/$user.key.pem" -b "$jar" -c "$jar")

unhtml() { python3 -c 'import html, sys; sys.stdout.write(html.unescape(sys.stdin.read()))'; }
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
verifier=$(head -c 32 /dev/urandom | b64url)
challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | b64url)
state=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')

# 1. authorize -> 302 to the federation server with a signed AuthnRequest; 2. federation server -> 302 to 49443.
url="$tokens/oauth2/authorize?response_type=code&client_id=$client&redirect_uri=$(printf %s "$redirect" | jq -sRr @uri)&scope=openid%20offline_access&state=$state&code_challenge=$challenge&code_challenge_method=S256"
form=$("${c[@]}" -L "$url")
acs=$(printf '%s' "$form" | grep -o 'action="[^"]*"' | head -1 | sed 's/action="//;s/"$//' | unhtml)
saml=$(printf '%s' "$form" | grep -o 'name="SAMLResponse" value="[^"]*"' | sed 's/.*value="//;s/"$//' | unhtml)
relay=$(printf '%s' "$form" | { grep -o 'name="RelayState" value="[^"]*"' || true; } | sed 's/.*value="//;s/"$//' | unhtml)
if [ -z "$saml" ]; then
  echo "sign-in refused: $(printf '%s' "$form" | grep -o 'error-code">[A-Z0-9]*' | sed 's/.*>//')" >&2; exit 1
fi
# 3. the browser's auto-POST to the ACS -> 302 to redirect_uri?code=...&state=...
location=$("${c[@]}" -o /dev/null -w "%{redirect_url}" --data-urlencode "SAMLResponse=$saml" --data-urlencode "RelayState=$relay" "$acs")
code=$(printf '%s' "$location" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')
echo "authorization code received for $user (redirect: ${location%%\?*})"
# 4. code + verifier -> tokens
response=$("${c[@]}" -d grant_type=authorization_code -d client_id="$client" --data-urlencode redirect_uri="$redirect" \
  -d code="$code" -d code_verifier="$verifier" "$tokens/oauth2/token")
echo "$response" | jq '{token_type, expires_in, scope, has_access_token: (.access_token != null), has_refresh_token: (.refresh_token != null)}'
refresh=$(echo "$response" | jq -r .refresh_token)
echo "$refresh" > "${TMPDIR:-/tmp}/certauth-$user.refresh"
echo "refresh token saved to ${TMPDIR:-/tmp}/certauth-$user.refresh; redeem it with: scripts/refresh.sh $user"
