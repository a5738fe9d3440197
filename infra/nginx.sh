# nginx in front of a stack's replicas (the gateway's or one service's): the classic static-list load balancer, as a
# contrast to the gateway's own balancing. Sourced by ./cubeshop and bench/run, after infra/stack.sh (it uses the
# stack's name, port offset and replica records). See infra/nginx/README.md.
# shellcheck shell=bash

NGINX_TEMPLATE_DIR="$ROOT/infra/nginx"
NGINX_DIR="$APP_RUN_DIR/nginx"
NGINX_CONF="$NGINX_DIR/nginx.conf"
# Written with the PID we started, then by nginx itself (the same PID, pid directive); nginx removes it when it exits.
NGINX_PIDFILE="$NGINX_DIR/nginx.pid"
# The master keeps its command line ("nginx: master process nginx … -c <conf>"): the path names this stack's nginx.
NGINX_MARKER="-c $NGINX_CONF"
NGINX_PORT=$((8090 + PORT_OFFSET))
NGINX_ACCESS_LOG="$APP_LOG_DIR/nginx-access.log"
NGINX_ERROR_LOG="$APP_LOG_DIR/nginx-error.log"
# Passive health checks, per server line: after max_fails failed attempts within fail_timeout a replica gets no traffic
# for fail_timeout, then one request tries it again. Two, so that one reset keepalive connection does not eject a
# replica; five seconds, so that a restarted replica is back in rotation soon (nobody probes it in between).
NGINX_SERVER_PARAMS=${CUBESHOP_NGINX_SERVER_PARAMS:-"max_fails=2 fail_timeout=5s"}

# The nginx binary (Debian puts it in /usr/sbin, which is not on an ordinary user's PATH); fails when there is none.
nginx_bin() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }; }

nginx_install() {
  nginx_bin >/dev/null && return 0
  log "nginx is not installed; installing Debian's package (apt-get install nginx)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  nginx_bin >/dev/null || die "apt-get install nginx did not provide an nginx binary"
}

nginx_running() { [ -f "$NGINX_PIDFILE" ] && pid_is_ours "$(cat "$NGINX_PIDFILE")" "$NGINX_MARKER"; }

# nginx_upstreams <front>: the server list of the replicas of <front> that run now (upstream.conf).
nginx_upstreams() {
  local front=$1 app replica ports=() port
  while read -r app replica; do
    if [ "$app" = "$front" ] && app_running "$app" "$replica"; then ports+=("$(app_port "$app" "$replica")"); fi
  done < <(recorded_apps | sort -k2,2n)
  [ ${#ports[@]} -gt 0 ] \
    || die "no replica of $front runs in this stack${STACK_NAME:+ ($STACK_NAME)}; start it first (./cubeshop up)"
  {
    echo "# The replicas of $front running at $(date -u +%FT%TZ), written by ./cubeshop nginx up|reload."
    for port in "${ports[@]}"; do echo "server 127.0.0.1:$port $NGINX_SERVER_PARAMS;"; done
  } >"$NGINX_DIR/upstream.conf.tmp"
  mv "$NGINX_DIR/upstream.conf.tmp" "$NGINX_DIR/upstream.conf"
  echo "$front" >"$NGINX_DIR/front"
  log "nginx: upstream $front = ${ports[*]/#/127.0.0.1:}"
}

# nginx_configure <front> [on|off]: the whole configuration for <front> from the template, access log on or off.
# Clears servers.d: extra servers belong to whoever adds them after this (bench/run).
nginx_configure() {
  local front=$1 access=${2:-on} user="" access_log=off
  [ -n "${APP_MODULE[$front]:-}" ] || die "nginx can front one of: ${APPS[*]} (not '$front')"
  mkdir -p "$NGINX_DIR/tmp" "$NGINX_DIR/servers.d"
  rm -f "$NGINX_DIR/servers.d/"*.conf
  [ "$(id -u)" -eq 0 ] && user="user root;"
  [ "$access" = on ] && access_log="$NGINX_ACCESS_LOG upstreams"
  nginx_upstreams "$front"
  local value substitutions=() pair
  for pair in "FRONT=$front" "USER_DIRECTIVE=$user" "RUN_DIR=$NGINX_DIR" "ERROR_LOG=$NGINX_ERROR_LOG" \
    "ACCESS_LOG=$access_log" "PORT=$NGINX_PORT" "TEMPLATE_DIR=$NGINX_TEMPLATE_DIR"; do
    value=${pair#*=}
    value=${value//\\/\\\\}
    value=${value//|/\\|}
    value=${value//&/\\&}
    substitutions+=(-e "s|@${pair%%=*}@|$value|g")
  done
  sed "${substitutions[@]}" "$NGINX_TEMPLATE_DIR/nginx.conf.template" >"$NGINX_CONF.tmp"
  mv "$NGINX_CONF.tmp" "$NGINX_CONF"
}

nginx_check_config() {
  "$(nginx_bin)" -e "$NGINX_ERROR_LOG" -p "$NGINX_DIR" -c "$NGINX_CONF" -t >"$NGINX_DIR/config-test.log" 2>&1 \
    || { cat "$NGINX_DIR/config-test.log" >&2; die "nginx rejected the configuration $NGINX_CONF"; }
}

# nginx_start <port...>: the configured nginx in the foreground (under nohup, PID recorded); returns once every port
# it listens on accepts connections.
nginx_start() {
  local port i
  for port in "$@"; do
    port_open "$port" && die "port $port for nginx is held by another process (pid: $(port_owner "$port"))"
  done
  nginx_check_config
  # shellcheck disable=SC2094 # nginx appends to its error log, and so does the redirection (start-up messages)
  nohup "$(nginx_bin)" -e "$NGINX_ERROR_LOG" -p "$NGINX_DIR" -c "$NGINX_CONF" >>"$NGINX_ERROR_LOG" 2>&1 &
  local pid=$!
  echo "$pid" >"$NGINX_PIDFILE"
  for port in "$@"; do
    for ((i = 0; i < 50; i++)); do
      port_open "$port" && break
      # Alive, not nginx_running: until the child has exec'd nginx its command line is still this shell's.
      kill -0 "$pid" 2>/dev/null || { tail -n 20 "$NGINX_ERROR_LOG" >&2; die "nginx exited; see $NGINX_ERROR_LOG"; }
      sleep 0.1
    done
    port_open "$port" || die "nginx did not open port $port within 5 s; see $NGINX_ERROR_LOG"
  done
}

# nginx_up [front]: nginx on 127.0.0.1:$NGINX_PORT in front of the running replicas of front (default: the gateway).
# Already running: configured for front again and reloaded.
nginx_up() {
  local front=${1:-api-gateway}
  [ $# -le 1 ] || die "usage: ./cubeshop nginx up [application] (default api-gateway; one of: ${APPS[*]})"
  nginx_install
  if nginx_running; then
    nginx_configure "$front"
    nginx_check_config
    nginx_hup
    log "nginx: already running (pid $(cat "$NGINX_PIDFILE")); reloaded in front of $front"
  else
    nginx_configure "$front"
    nginx_start "$NGINX_PORT"
    log "nginx: in front of $front on http://127.0.0.1:$NGINX_PORT (pid $(cat "$NGINX_PIDFILE"))"
  fi
  echo "  Access log: $NGINX_ACCESS_LOG   (upstream= is the replica that answered)"
  echo "  Config:     $NGINX_CONF"
  echo "  Reload:     ./cubeshop nginx reload   (after replicas start or stop)   Stop: ./cubeshop nginx down"
}

# The static list, re-read: the replicas running now, then SIGHUP (nginx starts new workers with the new list and lets
# the old ones finish their requests).
nginx_reload() {
  nginx_running || die "nginx is not running for this stack (./cubeshop nginx up)"
  nginx_upstreams "$(cat "$NGINX_DIR/front")"
  nginx_check_config
  nginx_hup
  log "nginx: reloaded (pid $(cat "$NGINX_PIDFILE"))"
}

# SIGHUP to the master, then wait (up to 10 s) until the workers of the previous configuration have left: from then
# on every request is served with the new one.
nginx_hup() {
  local master old worker i left
  master=$(cat "$NGINX_PIDFILE")
  old=$(ps -o pid= --ppid "$master" || true)
  kill -HUP "$master"
  for ((i = 0; i < 100; i++)); do
    left=0
    for worker in $old; do kill -0 "$worker" 2>/dev/null && left=$((left + 1)); done
    [ $left -gt 0 ] || return 0
    sleep 0.1
  done
  warn "nginx: $left worker(s) of the previous configuration still finish their requests"
}

nginx_down() {
  if nginx_running; then log "nginx: stopping (pid $(cat "$NGINX_PIDFILE"))"; fi
  stop_recorded "$NGINX_PIDFILE" "$NGINX_MARKER" 10
}

# For ./cubeshop down: a stack's nginx goes with it; silent when there is none.
nginx_down_if_running() {
  [ -f "$NGINX_PIDFILE" ] || return 0
  nginx_down
}
