#!/usr/bin/env bash
# A local farm (README "Farm", issue 13): PostgreSQL, two nodes of each role (the Host project, one role each) and
# HAProxy on loopback. Everything lives under data/farm/ (gitignored). Development only: dev PKI, trust authentication.
#   scripts/farm.sh up | down | status
#   scripts/farm.sh node-env fed-a|fed-b|ts-a|ts-b    the settings `up` gives that node
#   scripts/farm.sh node-env name=value ...           scripts/farm-node.env filled with exactly these placeholders
# The node settings are scripts/farm-node.env, the one definition the farm tests' fixture reads too.
# Front (HAProxy):  https://localhost:44300  federation server public listener (TLS re-encrypted to the nodes;
#                                            any Client-Cert header from outside is removed)
#                   https://localhost:49443  certificate listener: TLS terminated here, client certificate asked for
#                                            (dev CA list) and forwarded to the nodes as RFC 9440 Client-Cert
#                   https://localhost:44301  token service (TCP passthrough: the nodes terminate TLS)
# Nodes: federation 127.0.0.1:44310/44311, token service 127.0.0.1:44320/44321; PostgreSQL 127.0.0.1:${FARM_PG_PORT:-55480}.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$root"
farm="$root/data/farm"
pg_port=${FARM_PG_PORT:-55480}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
host_dll="$root/src/CertAuth.Federation.Host/bin/Release/net10.0/CertAuth.Federation.Host.dll"
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)

nodes="fed-a:federation:44310 fed-b:federation:44311 ts-a:tokenservice:44320 ts-b:tokenservice:44321"
node_settings="$root/scripts/farm-node.env"

# Prints scripts/farm-node.env as KEY=VALUE lines, each {name} replaced (one left-to-right pass) by the value of the
# argument name=value; fails on a placeholder without a value. The same rules as the fixture's FarmNodeSettings.
node_env() {
  local -A values=()
  local pair line key rest out name
  for pair in "$@"; do values[${pair%%=*}]=${pair#*=}; done
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    key=${line%%=*}
    rest=${line#*=}
    out=
    while [[ $rest =~ \{([a-z_]+)\} ]]; do
      name=${BASH_REMATCH[1]}
      [ -n "${values[$name]+set}" ] || { echo "farm: $key needs a value for {$name}" >&2; return 1; }
      out+=${rest%%"{$name}"*}${values[$name]}
      rest=${rest#*"{$name}"}
    done
    printf '%s=%s\n' "$key" "$out$rest"
  done <"$node_settings"
}

# The placeholders of one of the script's nodes: name role port (from $nodes).
script_node_env() {
  local name=$1 port=$3 migrate=false devpki=false
  case "$name" in fed-a | ts-a) migrate=true ;; esac
  [ "$name" = fed-a ] && devpki=true # fed-a serves the dev PKI's CRLs on http://localhost:44380 (DevPki:CrlListenUrl)
  node_env "connection=$connection" "migrate=$migrate" "dev_pki=$devpki" "node_url=https://127.0.0.1:$port" \
    "pki=$root/certs-dev" "data=$root/data" "federation_url=https://localhost:44300" \
    "certificate_url=https://localhost:49443" "token_service_url=https://localhost:44301" \
    "crl_base=http://localhost:44380/crl/"
}

wait_ready() { # url, name
  for _ in $(seq 1 120); do
    if curl -fsk --max-time 2 "$1" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "farm: $2 did not become ready; see $farm/logs/$2.log" >&2
  return 1
}

start_node() { # name role port
  local name=$1 role=$2 port=$3 settings
  settings=$(script_node_env "$name" "$role" "$port") || exit 1
  (
    while IFS= read -r setting; do export "${setting%%=*}=${setting#*=}"; done <<<"$settings"
    exec setsid dotnet "$host_dll" --role "$role" >"$farm/logs/$name.log" 2>&1 </dev/null
  ) &
  echo $! >"$farm/pids/$name.pid"
  local probe=/probe
  [ "$role" = federation ] && probe=/adfs/probe
  wait_ready "https://127.0.0.1:$port$probe" "$name"
  echo "farm: $name ($role) ready on 127.0.0.1:$port"
}

up() {
  command -v haproxy >/dev/null || { echo "farm: haproxy is not installed (apt-get install haproxy)" >&2; exit 1; }
  [ -n "$pg_bin" ] || { echo "farm: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
  if [ -f "$farm/pids/haproxy.pid" ] && kill -0 "$(cat "$farm/pids/haproxy.pid")" 2>/dev/null; then
    echo "farm: already up (scripts/farm.sh status)"; exit 0
  fi
  mkdir -p "$farm/logs" "$farm/pids" "$farm/haproxy"
  echo "farm: building the host (Release)..."
  dotnet build src/CertAuth.Federation.Host -c Release --nologo -v quiet >"$farm/logs/build.log" 2>&1 \
    || { cat "$farm/logs/build.log" >&2; exit 1; }
  [ -f certs-dev/pki.json ] || ./certauth dev-certs >/dev/null
  [ -f certs-dev/data-protection.pfx ] || ./certauth dev-certs --force >/dev/null

  if [ ! -f "$farm/pg/PG_VERSION" ]; then
    mkdir -p "$farm/pg"
    [ "$(id -u)" -eq 0 ] && chown postgres "$farm/pg"
    "${as_pg[@]}" "$pg_bin/initdb" -D "$farm/pg" -A trust -U postgres >"$farm/logs/initdb.log"
  fi
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$farm/pg" -l "$farm/pg/server.log" -w \
    -o "-p $pg_port -k $farm/pg -c listen_addresses=127.0.0.1" start >/dev/null
  echo "farm: PostgreSQL on 127.0.0.1:$pg_port"

  # The first node of each role migrates the schema; the others start on it (Storage:MigrateAtStartup=false).
  start_node fed-a federation 44310
  start_node fed-b federation 44311
  start_node ts-a tokenservice 44320
  start_node ts-b tokenservice 44321

  openssl pkcs12 -in certs-dev/localhost-tls.pfx -passin pass:certauth -nodes -out "$farm/haproxy/tls.pem" 2>/dev/null
  cat certs-dev/root-ca.pem certs-dev/issuing-ca.pem >"$farm/haproxy/client-cas.pem"
  cat >"$farm/haproxy/haproxy.cfg" <<CFG
global
    log stdout format raw local0 warning
    pidfile $farm/pids/haproxy.pid
    tune.ssl.default-dh-param 2048
defaults
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout check 3s
    log global
    # Failover (README "Farm", as the fault tests in tests/CertAuth.Federation.Farm.Tests run it): a connection that cannot
    # be made is retried on the other node; a request that reached a node is never replayed (no double redemption).
    retries 3
    option redispatch 1
    retry-on conn-failure
frontend federation_public
    mode http
    bind 127.0.0.1:44300 ssl crt $farm/haproxy/tls.pem alpn http/1.1
    http-request del-header Client-Cert
    default_backend federation_nodes
frontend federation_certificate
    mode http
    # Ask for a client certificate from the dev CAs but let a missing or bad one through: the nodes validate it and
    # show their explanatory page (as the product's own certificate listener does).
    bind 127.0.0.1:49443 ssl crt $farm/haproxy/tls.pem ca-file $farm/haproxy/client-cas.pem verify optional crt-ignore-err all ca-ignore-err all alpn http/1.1
    http-request del-header Client-Cert
    http-request set-header Client-Cert ":%[ssl_c_der,base64]:" if { ssl_c_used }
    default_backend federation_nodes
backend federation_nodes
    mode http
    balance roundrobin
    option httpchk GET /adfs/probe
    http-check expect status 200
    server fed-a 127.0.0.1:44310 ssl verify required ca-file $root/certs-dev/root-ca.pem check inter 1s fall 2 rise 2
    server fed-b 127.0.0.1:44311 ssl verify required ca-file $root/certs-dev/root-ca.pem check inter 1s fall 2 rise 2
frontend token_service
    mode tcp
    bind 127.0.0.1:44301
    default_backend token_service_nodes
backend token_service_nodes
    mode tcp
    balance roundrobin
    option httpchk GET /probe
    http-check expect status 200
    server ts-a 127.0.0.1:44320 check check-ssl verify required ca-file $root/certs-dev/root-ca.pem inter 1s fall 2 rise 2
    server ts-b 127.0.0.1:44321 check check-ssl verify required ca-file $root/certs-dev/root-ca.pem inter 1s fall 2 rise 2
CFG
  haproxy -c -q -f "$farm/haproxy/haproxy.cfg"
  haproxy -D -f "$farm/haproxy/haproxy.cfg" >"$farm/logs/haproxy.log" 2>&1
  wait_ready https://localhost:44300/adfs/probe haproxy
  wait_ready https://localhost:44301/probe haproxy
  echo "farm: up. Federation https://localhost:44300 (certificate step https://localhost:49443), token service https://localhost:44301"
}

down() {
  [ -f "$farm/pids/haproxy.pid" ] && kill "$(cat "$farm/pids/haproxy.pid")" 2>/dev/null || true
  for spec in $nodes; do
    name=${spec%%:*}
    if [ -f "$farm/pids/$name.pid" ]; then
      pid=$(cat "$farm/pids/$name.pid")
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$farm/pids/$name.pid"
    fi
  done
  rm -f "$farm/pids/haproxy.pid"
  if [ -n "$pg_bin" ] && [ -f "$farm/pg/postmaster.pid" ]; then
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$farm/pg" -m fast -w stop >/dev/null || true
  fi
  echo "farm: down"
}

status() {
  for spec in $nodes; do
    IFS=: read -r name role port <<<"$spec"
    probe=/probe
    [ "$role" = federation ] && probe=/adfs/probe
    state=$(curl -sk --max-time 3 "https://127.0.0.1:$port$probe" || echo "not running")
    echo "$name ($role, 127.0.0.1:$port): $state"
  done
  echo "haproxy federation: $(curl -sk --max-time 3 https://localhost:44300/adfs/probe || echo down)"
  echo "haproxy token service: $(curl -sk --max-time 3 https://localhost:44301/probe || echo down)"
  if [ -n "$pg_bin" ]; then
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$farm/pg" status >/dev/null 2>&1 && echo "postgresql: running on 127.0.0.1:$pg_port" || echo "postgresql: stopped"
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  node-env)
    shift
    for spec in $nodes; do
      IFS=: read -r name role port <<<"$spec"
      if [ "${1:-}" = "$name" ]; then script_node_env "$name" "$role" "$port"; exit; fi
    done
    node_env "$@" ;;
  *) echo "usage: scripts/farm.sh up|down|status|node-env" >&2; exit 2 ;;
esac
