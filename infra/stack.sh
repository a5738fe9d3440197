# The applications of the native stack: every service (optionally several replicas) and the gateway as JVM processes.
# Sourced by ./cubeshop.
# shellcheck shell=bash

# Carts are partitioned by customer over K shards (the Z-axis, services/cart/README.md): cart-0 … cart-(K-1), each an
# application of its own with its own database (cart_0 …) and replicas. K is fixed when the stack starts (--cart-shards,
# CUBESHOP_CART_SHARDS, default 2) and recorded with the stack; ./cubeshop shard add grows it by one.
CART_SHARDS_MAX=6
cart_shard_port() { if [ "$1" -eq 0 ]; then echo 8081; else echo $((8084 + $1)); fi; } # 8081, 8085 … 8089

# define_apps K: the applications in start order (callees first; the replicas of one application start together).
define_apps() {
  local shards=$1 i
  [[ $shards =~ ^[1-9]$ ]] && [ "$shards" -le $CART_SHARDS_MAX ] \
    || die "the number of cart shards must be 1..$CART_SHARDS_MAX, got '$shards'"
  CART_SHARDS=$shards
  CART_APPS=()
  APPS=(inventory payment)
  APP_MODULE=([inventory]=services/inventory [payment]=services/payment
    [checkout-orchestrator]=services/checkout-orchestrator [api-gateway]=api-gateway)
  APP_PORT=([api-gateway]=8080 [inventory]=8082 [payment]=8083 [checkout-orchestrator]=8084)
  APP_DB=([inventory]=inventory [payment]=payment [checkout-orchestrator]=checkout)
  for ((i = 0; i < shards; i++)); do
    CART_APPS+=("cart-$i")
    APPS+=("cart-$i")
    APP_MODULE[cart-$i]=services/cart
    APP_PORT[cart-$i]=$(cart_shard_port "$i")
    APP_DB[cart-$i]=cart_$i
  done
  APPS+=(checkout-orchestrator api-gateway)
  APP_CALLS=([checkout-orchestrator]="${CART_APPS[*]} inventory payment")
  for ((i = 0; i < shards; i++)); do APP_CALLS[cart-$i]=inventory; done
}
declare -A APP_MODULE=() APP_PORT=() APP_DB=() APP_CALLS=() APP_REPLICAS=()
APPS=()
CART_APPS=()

# "cart" names every shard: --replicas cart=2, ./cubeshop restart cart, ./cubeshop scale cart 3.
expand_apps() {
  local app
  for app in "$@"; do
    if [ "$app" = cart ]; then printf '%s\n' "${CART_APPS[@]}"; else echo "$app"; fi
  done
}

# Small-footprint JVM defaults (measured in docs/footprint.md); override with CUBESHOP_JAVA_OPTS.
JAVA_OPTS_DEFAULT="-XX:+UseSerialGC -Xms24m -Xmx160m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"
READY_TIMEOUT=${CUBESHOP_READY_TIMEOUT:-120}

# Several stacks can share one PostgreSQL and one broker: CUBESHOP_STACK names a second one (the system tests use
# "system-tests", the benchmarks "bench") with its own PID and log folder, and CUBESHOP_PORT_OFFSET moves its ports.
STACK_NAME=${CUBESHOP_STACK:-}
PORT_OFFSET=${CUBESHOP_PORT_OFFSET:-0}
[[ $PORT_OFFSET =~ ^[0-9]+$ ]] || die "CUBESHOP_PORT_OFFSET must be a number"
APP_RUN_DIR="$RUN_DIR${STACK_NAME:+/$STACK_NAME}"
APP_LOG_DIR="$LOG_DIR${STACK_NAME:+/$STACK_NAME}"
mkdir -p "$APP_RUN_DIR" "$APP_LOG_DIR"
# The shard count of a running stack is the one it was started with.
CART_SHARDS_FILE="$APP_RUN_DIR/cart-shards"
if [ -f "$CART_SHARDS_FILE" ]; then define_apps "$(cat "$CART_SHARDS_FILE")"; else define_apps "${CUBESHOP_CART_SHARDS:-2}"; fi

app_jar() { echo "$ROOT/${APP_MODULE[$1]}/target/quarkus-app/quarkus-run.jar"; }
app_port() { echo $((APP_PORT[$1] + PORT_OFFSET + 100 * $2)); }
app_marker() { echo "-Dcubeshop.instance=$1-$2@$APP_RUN_DIR"; }
app_pidfile() { echo "$APP_RUN_DIR/$1-$2.pid"; }
app_log() { echo "$APP_LOG_DIR/$1-$2.log"; }
app_running() { local f; f=$(app_pidfile "$1" "$2"); [ -f "$f" ] && pid_is_ours "$(cat "$f")" "$(app_marker "$1" "$2")"; }
app_exited() { ! recorded_alive "$(app_pidfile "$1" "$2")"; }
app_ready() { curl -fs -m 2 -o /dev/null "http://127.0.0.1:$(app_port "$1" "$2")/q/health/ready"; }
app_registered() { registry_members "$1" | grep -qx "127.0.0.1:$(app_port "$1" "$2")"; }

# --replicas N sets every application; --replicas cart=3,inventory=2 sets some. Default 1 (or what APP_REPLICAS has).
parse_replicas() {
  local spec=$1 item app
  for app in "${APPS[@]}"; do APP_REPLICAS[$app]=${APP_REPLICAS[$app]:-1}; done
  if [[ $spec =~ ^[0-9]+$ ]]; then
    for app in "${APPS[@]}"; do APP_REPLICAS[$app]=$spec; done
    return
  fi
  IFS=',' read -ra items <<<"$spec"
  for item in "${items[@]}"; do
    [[ ${item#*=} =~ ^[1-9][0-9]?$ ]] || die "replica count for ${item%%=*} must be 1..99, got '${item#*=}'"
    while read -r app; do
      [ -n "${APP_MODULE[$app]:-}" ] || die "unknown application '$app' in --replicas (known: cart ${APPS[*]})"
      APP_REPLICAS[$app]=${item#*=}
    done < <(expand_apps "${item%%=*}")
  done
}

# Tokens: the demo identity provider's RS256 key pair, generated once per machine user and never committed. The gateway
# signs with the private key; every service verifies with the public key (docs/contracts.md, "Identity and tokens").
JWT_DIR="${CUBESHOP_JWT_DIR:-${XDG_CONFIG_HOME:-$HOME/.config}/cubeshop/jwt}"
jwt_keys() {
  [ -f "$JWT_DIR/private.pem" ] && [ -f "$JWT_DIR/public.pem" ] && return 0
  command -v openssl >/dev/null || die "openssl is needed to generate the demo token keys (apt-get install openssl)"
  mkdir -p "$JWT_DIR" && chmod 700 "$JWT_DIR"
  (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$JWT_DIR/private.pem.tmp" 2>/dev/null) \
    || die "openssl could not generate the token key pair in $JWT_DIR"
  openssl pkey -in "$JWT_DIR/private.pem.tmp" -pubout -out "$JWT_DIR/public.pem" 2>/dev/null \
    || die "openssl could not write the public key to $JWT_DIR"
  mv "$JWT_DIR/private.pem.tmp" "$JWT_DIR/private.pem"
  log "Generated the demo identity provider's key pair in $JWT_DIR"
}

# Membership through the registry (infra/etcd.sh): every replica registers itself under a lease when its HTTP server
# listens and deregisters when its graceful shutdown begins, so callers need no replica lists. Each stack has its own
# key namespace in the shared etcd.
REGISTRY_NAMESPACE="cubeshop/${STACK_NAME:-default}"

# System properties of one application (-D rather than environment variables: "checkout-orchestrator" and Stork's
# dashed parameters have no unambiguous environment spelling): the registry; for a caller, Stork's etcd discovery of
# each service it calls (client-side balancing, the X-axis without a hop); for the gateway, see gateway_props.
app_props() {
  local app=$1 dependency
  echo "-Dcubeshop.registry.etcd=$ETCD_URL"
  echo "-Dcubeshop.registry.namespace=$REGISTRY_NAMESPACE"
  for dependency in ${APP_CALLS[$app]:-}; do
    echo "-Dquarkus.stork.$dependency.service-discovery.type=etcd"
    echo "-Dquarkus.stork.$dependency.service-discovery.endpoints=$ETCD_URL"
    echo "-Dquarkus.stork.$dependency.service-discovery.namespace=$REGISTRY_NAMESPACE"
  done
  case $app in
    api-gateway) gateway_props ;;
    checkout-orchestrator) echo "-Dcheckout.cart-shards=$(cart_shard_list)" ;;
    cart-*)
      # A shard registers under its own name and serves only its customers (cubeshop.cart.shard.*).
      echo "-Dcubeshop.registry.service=$app"
      echo "-Dcubeshop.cart.shard.index=${app#cart-}"
      echo "-Dcubeshop.cart.shard.count=$CART_SHARDS"
      ;;
  esac
}

cart_shard_list() { local IFS=,; echo "${CART_APPS[*]}"; }

# The gateway: its upstreams from the registry (one per cart shard; /api/cart goes to the caller's shard), and the
# demo identity provider.
gateway_props() {
  local app
  for app in inventory "${CART_APPS[@]}" checkout-orchestrator; do
    echo "-Dcubeshop.gateway.upstreams.$app.registry=$app"
  done
  echo "-Dcubeshop.gateway.routes.cart.shards=$(cart_shard_list)"
  echo "-Dcubeshop.auth.demo-idp.enabled=true"
  echo "-Dcubeshop.auth.private-key-location=$JWT_DIR/private.pem"
}

build_missing() {
  local app missing=() force=$1
  for app in "${APPS[@]}"; do [ -f "$(app_jar "$app")" ] || missing+=("$app"); done
  if $force || [ ${#missing[@]} -gt 0 ]; then
    log "Building ($([ ${#missing[@]} -gt 0 ] && echo "missing: ${missing[*]}" || echo "forced")): ./mvnw package -DskipTests"
    "$ROOT/mvnw" -B -q package -DskipTests >"$LOG_DIR/build.log" 2>&1 \
      || { tail -n 40 "$LOG_DIR/build.log" >&2; die "the build failed; see $LOG_DIR/build.log"; }
  fi
}

# The environment of one application process listening on $2, one VAR=value a line.
app_env() {
  local app=$1 port=$2 db=${APP_DB[$1]:-}
  # Loopback only: the native stack is a local sandbox; containers and Kubernetes bind every interface.
  echo "QUARKUS_HTTP_HOST=127.0.0.1"
  echo "QUARKUS_HTTP_PORT=$port"
  echo "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT"
  if [ -n "$db" ]; then
    local password_var="CUBESHOP_DB_PASSWORD_${db^^}"
    echo "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$PG_HOST:$PG_PORT/$db"
    echo "QUARKUS_DATASOURCE_USERNAME=$db"
    echo "QUARKUS_DATASOURCE_PASSWORD=${!password_var}"
  fi
  # Every service verifies tokens itself with the demo identity provider's public key (the gateway reads its own
  # key pair through cubeshop.auth.*, see gateway_props).
  if [ "$app" != api-gateway ]; then
    echo "MP_JWT_VERIFY_PUBLICKEY_LOCATION=$JWT_DIR/public.pem"
    echo "MP_JWT_VERIFY_ISSUER=cubeshop-demo"
    echo "MP_JWT_VERIFY_AUDIENCES=cubeshop"
  fi
}

app_start() {
  local app=$1 replica=$2 port pidfile
  port=$(app_port "$app" "$replica")
  pidfile=$(app_pidfile "$app" "$replica")
  if app_running "$app" "$replica"; then
    log "$app #$replica: already running (pid $(cat "$pidfile"), port $port)"
    return 0
  fi
  if port_open "$port"; then
    die "port $port for $app #$replica is held by another process (pid: $(port_owner "$port")); stop it first"
  fi
  local env=() props=()
  # Logs survive restarts: every start appends to the replica's log after a marker line (rotated once past 50 MB).
  local log_file
  log_file=$(app_log "$app" "$replica")
  if [ -f "$log_file" ] && [ "$(stat -c %s "$log_file")" -gt 52428800 ]; then mv "$log_file" "$log_file.1"; fi
  printf '\n==> %s: %s #%s starting on port %s\n' "$(date -u +%FT%TZ)" "$app" "$replica" "$port" >>"$(app_log "$app" "$replica")"
  mapfile -t env < <(app_env "$app" "$port")
  mapfile -t props < <(app_props "$app")
  # shellcheck disable=SC2086
  env "${env[@]}" nohup java "$(app_marker "$app" "$replica")" ${CUBESHOP_JAVA_OPTS:-$JAVA_OPTS_DEFAULT} \
    "${props[@]}" -jar "$(app_jar "$app")" >>"$(app_log "$app" "$replica")" 2>&1 &
  echo $! >"$pidfile"
  log "$app #$replica: starting on port $port (pid $!)"
}

# Like a supervisor (Kubernetes' restart policy, systemd's Restart=on-failure), a replica that exits during start-up is
# started once more: on a starved machine its first database connection can miss the 3 s acquisition timeout. The
# second failure stops the start with the log.
app_await_ready() {
  local app=$1 replica=$2 deadline=$((SECONDS + READY_TIMEOUT)) retried=false
  until app_ready "$app" "$replica"; do
    if app_exited "$app" "$replica" && ! $retried; then
      retried=true
      warn "$app #$replica exited during start-up (see $(app_log "$app" "$replica")); starting it once more"
      app_start "$app" "$replica"
    elif app_exited "$app" "$replica"; then
      tail -n 30 "$(app_log "$app" "$replica")" >&2
      die "$app #$replica exited during start-up twice; see $(app_log "$app" "$replica")"
    fi
    [ $SECONDS -lt $deadline ] || die "$app #$replica not ready after ${READY_TIMEOUT}s; see $(app_log "$app" "$replica")"
    sleep 0.3
  done
}

stack_up() {
  local replicas="" force_build=false fresh=""
  while [ $# -gt 0 ]; do
    case $1 in
      --cart-shards) [ $# -ge 2 ] || die "--cart-shards needs a value"; stack_set_shards "$2"; shift 2 ;;
      --cart-shards=*) stack_set_shards "${1#*=}"; shift ;;
      --replicas) [ $# -ge 2 ] || die "--replicas needs a value"; replicas=$2; shift 2 ;;
      --replicas=*) replicas=${1#*=}; shift ;;
      --build) force_build=true; shift ;;
      --fresh) fresh=--fresh; shift ;;
      *) die "unknown option for up: $1 (see ./cubeshop help)" ;;
    esac
  done
  # Without --replicas: the counts the stack runs (a killed replica is started again), else 1 each.
  [ -n "$replicas" ] || replicas_from_records
  parse_replicas "$replicas"
  echo "$CART_SHARDS" >"$CART_SHARDS_FILE"
  # Keep every port below Linux's ephemeral range (32768+), where outgoing connections may take it first.
  local app highest=0
  for app in "${APPS[@]}"; do
    [ "$(app_port "$app" $((APP_REPLICAS[$app] - 1)))" -gt $highest ] && highest=$(app_port "$app" $((APP_REPLICAS[$app] - 1)))
  done
  [ "$highest" -lt 32768 ] \
    || die "CUBESHOP_PORT_OFFSET $PORT_OFFSET puts ports in the ephemeral range (32768+); use at most 23000"
  select_jdk
  build_missing "$force_build"
  pg_up $fresh
  kafka_up $fresh
  etcd_up $fresh
  load_secrets
  jwt_keys
  # One application at a time (all its replicas together), callees first: ten JVMs starting at once on two cores
  # starve each other past their database connection timeouts, and a caller that starts after its callees is ready
  # at once instead of failing its first requests.
  local r started=$SECONDS
  for app in "${APPS[@]}"; do
    for ((r = 0; r < APP_REPLICAS[$app]; r++)); do app_start "$app" "$r"; done
    for ((r = 0; r < APP_REPLICAS[$app]; r++)); do app_await_ready "$app" "$r"; done
  done
  log "All applications ready in $((SECONDS - started)) s"
  echo
  echo "  Gateway:  http://127.0.0.1:$(app_port api-gateway 0)   (readiness: /q/health/ready)"
  echo "  Logs:     $APP_LOG_DIR   (./cubeshop logs [application])"
  echo "  Stop:     ./cubeshop down"
}

# Every application replica recorded in the run folder, as "app replica".
recorded_apps() {
  local f base
  for f in "$APP_RUN_DIR"/*.pid; do
    [ -e "$f" ] || continue
    base=$(basename "$f" .pid)
    case $base in kafka | etcd) continue ;; esac
    echo "${base%-*} ${base##*-}"
  done
}

stack_down() {
  local keep_infra=false app replica
  [ "${1:-}" = "--keep-infra" ] && keep_infra=true
  if declare -F nginx_down_if_running >/dev/null; then nginx_down_if_running; fi # infra/nginx.sh, when sourced
  while read -r app replica; do
    [ -n "$app" ] || continue
    app_running "$app" "$replica" && log "$app #$replica: stopping (pid $(cat "$(app_pidfile "$app" "$replica")"))"
    stop_recorded "$(app_pidfile "$app" "$replica")" "$(app_marker "$app" "$replica")" 20 &
  done < <(recorded_apps)
  wait
  if ! $keep_infra; then
    etcd_down
    kafka_down
    pg_down
  fi
}

stack_status() {
  pg_status
  kafka_status
  etcd_status
  local app replica any=false state
  while read -r app replica; do
    [ -n "$app" ] || continue
    any=true
    if ! app_running "$app" "$replica"; then state="not running (stale record)"
    elif app_ready "$app" "$replica"; then state="ready"
    else state="starting or not ready"
    fi
    if app_registered "$app" "$replica"; then state+=", registered"; else state+=", not registered"; fi
    printf '%-24s %s\n' "$app #$replica" "$state on :$(app_port "$app" "$replica") (pid $(cat "$(app_pidfile "$app" "$replica")"))"
  done < <(recorded_apps)
  $any || printf '%-24s %s\n' "applications" "none running"
}

stack_logs() {
  if [ $# -eq 0 ]; then
    tail -n 50 -F "$APP_LOG_DIR"/*.log
  else
    [ -n "${APP_MODULE[$1]:-}" ] || [ "$1" = kafka ] || die "unknown application '$1' (known: ${APPS[*]} kafka)"
    if [ "$1" = kafka ]; then tail -n 100 -F "$LOG_DIR/kafka.log"; else tail -n 100 -F "$APP_LOG_DIR/$1"*.log; fi
  fi
}

# The replica counts of the running stack, from its PID records (so that restarts hand out the same replica lists).
replicas_from_records() {
  local app replica
  while read -r app replica; do
    [ -n "$app" ] || continue
    if [ $((replica + 1)) -gt "${APP_REPLICAS[$app]:-0}" ]; then APP_REPLICAS[$app]=$((replica + 1)); fi
  done < <(recorded_apps)
}

# Zero-downtime restart, one replica at a time: SIGTERM starts the drain (readiness turns DOWN while requests are still
# served, quarkus.shutdown.delay), then the graceful shutdown; the replica is started again, and the next one goes down
# only after this one is ready and its callers (the gateways, the Stork clients) have listed it again.
stack_restart() {
  local apps=() app r
  mapfile -t apps < <(expand_apps "$@")
  [ ${#apps[@]} -gt 0 ] || apps=("${APPS[@]}")
  for app in "${apps[@]}"; do
    [ -n "${APP_MODULE[$app]:-}" ] || die "unknown application '$app' (known: ${APPS[*]})"
  done
  replicas_from_records
  for app in "${apps[@]}"; do
    [ "${APP_REPLICAS[$app]:-0}" -gt 0 ] || die "$app is not running (start the stack with ./cubeshop up)"
  done
  select_jdk
  load_secrets
  jwt_keys
  local started=$SECONDS
  for app in "${apps[@]}"; do
    for ((r = 0; r < APP_REPLICAS[$app]; r++)); do
      log "$app #$r: draining and stopping"
      stop_recorded "$(app_pidfile "$app" "$r")" "$(app_marker "$app" "$r")" 30
      app_start "$app" "$r"
      app_await_ready "$app" "$r"
      # Before the next replica of this application drains, its callers must have listed this one again (registry
      # refresh 1 s, with slack for a busy machine); another application's callers do not wait for it.
      if [ $((r + 1)) -lt "${APP_REPLICAS[$app]}" ]; then sleep "${CUBESHOP_RESTART_SETTLE:-3}"; fi
    done
  done
  log "Restarted ${apps[*]} in $((SECONDS - started)) s"
}

# Dynamic scaling: start replicas up to N, or stop the highest-numbered ones down to N, while the rest keep serving.
# Nobody is told: a new replica registers itself when it listens and callers list the registry every second; a
# replica that stops deregisters when its drain begins (quarkus.shutdown.delay) and finishes what it was serving.
stack_scale() {
  [ $# -eq 2 ] || die "usage: ./cubeshop scale <application> <replicas>  (applications: cart ${APPS[*]})"
  if [ "$1" = cart ]; then
    local shard
    for shard in "${CART_APPS[@]}"; do stack_scale "$shard" "$2"; done
    return
  fi
  local app=$1 count=$2 current r started=$SECONDS
  [ -n "${APP_MODULE[$app]:-}" ] || die "unknown application '$app' (known: ${APPS[*]})"
  [[ $count =~ ^[1-9][0-9]?$ ]] || die "the replica count must be 1..99, got '$count'"
  [ "$(app_port "$app" $((count - 1)))" -lt 32768 ] || die "$count replicas of $app would use ports in the ephemeral range"
  replicas_from_records
  current=${APP_REPLICAS[$app]:-0}
  [ "$current" -gt 0 ] || die "$app is not running (start the stack with ./cubeshop up)"
  etcd_answers || die "the registry (etcd on $ETCD_URL) does not answer; ./cubeshop up starts it"
  select_jdk
  load_secrets
  jwt_keys
  if [ "$count" -gt "$current" ]; then
    for ((r = current; r < count; r++)); do app_start "$app" "$r"; done
    for ((r = current; r < count; r++)); do
      app_await_ready "$app" "$r"
      local deadline=$((SECONDS + 10))
      until app_registered "$app" "$r"; do
        [ $SECONDS -lt $deadline ] || die "$app #$r is ready but did not register in 10 s; see $(app_log "$app" "$r")"
        sleep 0.2
      done
      log "$app #$r: ready and registered on :$(app_port "$app" "$r")"
    done
  else
    for ((r = current - 1; r >= count; r--)); do
      app_running "$app" "$r" && log "$app #$r: draining and stopping"
      stop_recorded "$(app_pidfile "$app" "$r")" "$(app_marker "$app" "$r")" 30
    done
  fi
  log "$app: $count replica(s) (was $current) in $((SECONDS - started)) s; registered: $(registry_members "$app" | tr '\n' ' ')"
}

# --cart-shards K for a stack that is not running yet (a running one keeps its count: see ./cubeshop shard add).
# Fewer shards than last time is allowed (a fresh start), but the carts of the shards left out stay in their databases
# unserved, so it is said out loud.
stack_set_shards() {
  local recorded=""
  [ -f "$CART_SHARDS_FILE" ] && recorded=$(cat "$CART_SHARDS_FILE")
  if [ -n "$recorded" ] && [ -n "$(recorded_apps)" ] && [ "$recorded" != "$1" ]; then
    die "this stack runs $recorded cart shards; stop it first (./cubeshop down) or add one (./cubeshop shard add)"
  fi
  define_apps "$1"
  if [[ $recorded =~ ^[0-9]+$ ]] && [ "$CART_SHARDS" -lt "$recorded" ]; then
    log "Warning: the stack ran $recorded cart shards; the carts in cart_$CART_SHARDS … cart_$((recorded - 1)) are not served with $CART_SHARDS"
  fi
}

# Adding a cart shard to the running stack (services/cart/README.md, "Adding a shard"): start shard K with its own
# database, switch the gateway, the orchestrator and the old shards to K+1 shards by rolling restarts (no request
# fails), then let every old shard hand the carts it no longer owns to the new one. Customers who move see their older
# lines again once the hand-off has run; nothing is lost, and running the hand-off again is harmless.
stack_shard_add() {
  [ $# -eq 0 ] || die "usage: ./cubeshop shard add"
  [ -n "$(recorded_apps)" ] || die "the stack is not running (start it with ./cubeshop up)"
  replicas_from_records
  local old=$CART_SHARDS shard="cart-$CART_SHARDS" replicas=${APP_REPLICAS[cart-0]:-1} r i started=$SECONDS
  [ "$old" -lt $CART_SHARDS_MAX ] || die "the native stack has room for $CART_SHARDS_MAX cart shards"
  local old_shards=("${CART_APPS[@]}")
  define_apps $((old + 1))
  APP_REPLICAS[$shard]=$replicas
  select_jdk
  pg_provision
  load_secrets
  jwt_keys
  echo "$CART_SHARDS" >"$CART_SHARDS_FILE"
  log "Adding $shard ($replicas replica(s)): shards $old → $CART_SHARDS"
  for ((r = 0; r < replicas; r++)); do app_start "$shard" "$r"; done
  for ((r = 0; r < replicas; r++)); do app_await_ready "$shard" "$r"; done
  stack_restart api-gateway checkout-orchestrator "${old_shards[@]}"
  local owner="http://127.0.0.1:$(app_port "$shard" 0)" answer
  for i in "${old_shards[@]}"; do
    answer=$(curl -fsS -m 600 -X POST -H 'Content-Type: application/json' \
      -d "{\"owners\": {\"$old\": \"$owner\"}}" "http://127.0.0.1:$(app_port "$i" 0)/internal/shards/handoff") \
      || die "the hand-off of $i failed; run ./cubeshop shard handoff to finish it"
    log "$i handed off: $answer"
  done
  log "$shard added in $((SECONDS - started)) s"
}

# Runs the hand-off again on every shard (after a failed one): each moves the carts it holds but no longer owns.
stack_shard_handoff() {
  local i j owners="" answer
  for ((j = 0; j < CART_SHARDS; j++)); do
    owners+="${owners:+, }\"$j\": \"http://127.0.0.1:$(app_port "cart-$j" 0)\""
  done
  for i in "${CART_APPS[@]}"; do
    answer=$(curl -fsS -m 600 -X POST -H 'Content-Type: application/json' -d "{\"owners\": {$owners}}" \
      "http://127.0.0.1:$(app_port "$i" 0)/internal/shards/handoff") || die "the hand-off of $i failed"
    log "$i: $answer"
  done
}
