# The service registry of the native stack: etcd from Debian's packages, one member, loopback only. Every replica
# registers itself under a lease (platform Registration); the gateway and the REST clients list the live replicas.
# Sourced by ./cubeshop.
# shellcheck shell=bash

ETCD_PORT=${CUBESHOP_ETCD_PORT:-2379}
ETCD_PEER_PORT=${CUBESHOP_ETCD_PEER_PORT:-2380}
ETCD_DIR="$STATE/etcd"
ETCD_PIDFILE="$RUN_DIR/etcd.pid"
# etcd is not a JVM: its data directory on the command line is the marker that tells our process from another.
ETCD_MARKER="--data-dir=$ETCD_DIR/data"
ETCD_URL="http://127.0.0.1:$ETCD_PORT"

etcd_running() { [ -f "$ETCD_PIDFILE" ] && pid_is_ours "$(cat "$ETCD_PIDFILE")" "$ETCD_MARKER"; }
etcd_answers() { curl -fs -m 2 "$ETCD_URL/version" 2>/dev/null | grep -q etcdserver; }

etcd_install() {
  command -v etcd >/dev/null && return 0
  log "etcd: installing Debian's etcd-server and etcd-client"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q etcd-server etcd-client >"$LOG_DIR/etcd-install.log" 2>&1 \
    || { tail -n 20 "$LOG_DIR/etcd-install.log" >&2; die "could not install etcd (apt-get install etcd-server)"; }
}

# etcd_up [--fresh]: start our etcd unless it runs; an etcd already answering on the port (started by someone else) is
# used as it is. --fresh wipes our etcd's data first.
etcd_up() {
  local fresh=false
  [ "${1:-}" = "--fresh" ] && fresh=true
  if etcd_running; then
    if $fresh; then etcd_down; else log "etcd: already running (pid $(cat "$ETCD_PIDFILE"))"; return 0; fi
  fi
  if port_open "$ETCD_PORT"; then
    etcd_answers || die "port $ETCD_PORT is held by a process that is not etcd (pid: $(port_owner "$ETCD_PORT")); set CUBESHOP_ETCD_PORT"
    log "etcd: using the etcd already listening on 127.0.0.1:$ETCD_PORT"
    return 0
  fi
  port_open "$ETCD_PEER_PORT" && die "port $ETCD_PEER_PORT (etcd peers) is held by another process (pid: $(port_owner "$ETCD_PEER_PORT"))"
  etcd_install
  $fresh && rm -rf "$ETCD_DIR/data"
  mkdir -p "$ETCD_DIR"
  log "etcd: starting on $ETCD_URL"
  # Small quotas and frequent compaction: the registry holds a few dozen leased keys.
  nohup etcd --name cubeshop "$ETCD_MARKER" \
    --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "cubeshop=http://127.0.0.1:$ETCD_PEER_PORT" \
    --auto-compaction-mode=periodic --auto-compaction-retention=1h --quota-backend-bytes=268435456 \
    --log-outputs=stderr >>"$LOG_DIR/etcd.log" 2>&1 &
  echo $! >"$ETCD_PIDFILE"
  local i
  for ((i = 0; i < 100; i++)); do
    etcd_answers && break
    recorded_alive "$ETCD_PIDFILE" || { tail -n 30 "$LOG_DIR/etcd.log" >&2; die "etcd exited; see $LOG_DIR/etcd.log"; }
    sleep 0.1
  done
  etcd_answers || die "etcd did not answer on $ETCD_URL within 10 s; see $LOG_DIR/etcd.log"
  log "etcd: ready (pid $(cat "$ETCD_PIDFILE"), log $LOG_DIR/etcd.log)"
}

etcd_down() { infra_process_down etcd "$ETCD_PIDFILE" "$ETCD_MARKER" 10; }

etcd_status() {
  infra_process_status etcd "$ETCD_PORT" "$ETCD_PIDFILE" "$ETCD_MARKER" "up on 127.0.0.1:$ETCD_PORT (not started by ./cubeshop)"
}

# The live replicas of one application as the registry lists them ("host:port" a line), for status and scale. Keys
# only, base64 in etcd's JSON answer: decoded one by one with coreutils (no jq needed).
registry_members() {
  local app=$1 prefix key
  prefix="/$REGISTRY_NAMESPACE/services/$app/"
  curl -fs -m 2 -X POST "$ETCD_URL/v3/kv/range" \
    -d "{\"key\":\"$(printf '%s' "$prefix" | base64 -w0)\",\"range_end\":\"$(printf '%s' "${prefix%/}0" | base64 -w0)\",\"keys_only\":true}" \
    | grep -o '"key":"[^"]*"' | cut -d'"' -f4 | while read -r key; do
      printf '%s\n' "$(printf '%s' "$key" | base64 -d)"
    done | sed "s#^$prefix##"
}
