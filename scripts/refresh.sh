#!/usr/bin/env bash
# Redeems the refresh token saved by scripts/code-flow.sh (rotating it) and prints the token service's answer.
# Usage: scripts/refresh.sh [user] [client-id]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
user=${1:-alice}
client=${2:-sample-app}
file="${TMPDIR:-/tmp}/certauth-$user.refresh"
response=$(curl -sS --cacert "$root/certs-dev/root-ca.pem" -d grant_type=refresh_token -d client_id="$client" \
  --data-urlencode refresh_token="$(cat "$file")" https://localhost:44301/oauth2/token)
if echo "$response" | jq -e .refresh_token >/dev/null; then
  echo "$response" | jq -r .refresh_token > "$file"
  echo "$response" | jq '{token_type, expires_in, rotated: true}'
else
  echo "$response" | jq .
  exit 1
fi
