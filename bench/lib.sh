# The benchmark stack: the native stack of infra/stack.sh under its own name and ports (CUBESHOP_STACK=bench,
# offset 20000: gateway 28080, inventory 28082, replicas +100), with its own databases (<service db>_bench, owned by
# the service's user) and its own Kafka consumer groups (<group>-bench) on the shared PostgreSQL and broker, so that a
# big catalog and thousands of orders never reach the databases of ./cubeshop up or the tests. Sourced by bench/run and
# bench/footprint.sh; expects ROOT.
# shellcheck shell=bash

export CUBESHOP_STACK=bench
export CUBESHOP_PORT_OFFSET=20000
# Ten JVMs starting at once on a shared two-core machine can take minutes (and a retry or two).
export CUBESHOP_READY_TIMEOUT=${CUBESHOP_READY_TIMEOUT:-300}
# shellcheck source-path=SCRIPTDIR/.. source=infra/lib.sh
. "$ROOT/infra/lib.sh"
# shellcheck source-path=SCRIPTDIR/.. source=infra/postgres.sh
. "$ROOT/infra/postgres.sh"
# shellcheck source-path=SCRIPTDIR/.. source=infra/kafka.sh
. "$ROOT/infra/kafka.sh"
# shellcheck source-path=SCRIPTDIR/.. source=infra/etcd.sh
. "$ROOT/infra/etcd.sh"
# shellcheck source-path=SCRIPTDIR/.. source=infra/stack.sh
. "$ROOT/infra/stack.sh"

BENCH_DB_SUFFIX=_bench
declare -A BENCH_GROUP=([inventory]="ORDER_FAILED=inventory" [payment]="ORDER_FAILED=payment")
for shard in "${CART_APPS[@]}"; do BENCH_GROUP[$shard]="ORDER_COMPLETED=cart-shard-${shard#cart-}"; done

# The benchmark databases, created on the shared server as the postgres superuser. --fresh drops them first: they are
# the benchmark's own, nothing else uses them. Never touches the services' regular databases.
bench_db_provision() {
  local fresh=false db sql=""
  [ "${1:-}" = "--fresh" ] && fresh=true
  load_secrets
  for db in $(pg_databases); do
    $fresh && sql+="DROP DATABASE IF EXISTS ${db}${BENCH_DB_SUFFIX} WITH (FORCE);"$'\n'
    sql+="SELECT 'CREATE DATABASE ${db}${BENCH_DB_SUFFIX} OWNER $db'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${db}${BENCH_DB_SUFFIX}')\\gexec
REVOKE CONNECT, TEMPORARY ON DATABASE ${db}${BENCH_DB_SUFFIX} FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE ${db}${BENCH_DB_SUFFIX} TO $db;
"
  done
  as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres >/dev/null <<<"$sql" \
    || die "could not create the benchmark databases ($(pg_databases | sed "s/\$/$BENCH_DB_SUFFIX/" | tr '\n' ' '))"
}

# psql as the inventory user on the benchmark's inventory database.
bench_inventory_psql() {
  load_secrets
  PGPASSWORD=$CUBESHOP_DB_PASSWORD_INVENTORY psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U inventory \
    "inventory$BENCH_DB_SUFFIX" "$@"
}

# Hook into infra/stack.sh: the same environment, then the benchmark's database and consumer group (later lines win).
eval "$(declare -f app_env | sed '1s/^app_env/stack_app_env/')"
app_env() {
  stack_app_env "$@"
  local app=$1 db=${APP_DB[$1]:-} group=${BENCH_GROUP[$1]:-}
  [ -n "$db" ] && echo "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$PG_HOST:$PG_PORT/$db$BENCH_DB_SUFFIX"
  [ -n "$group" ] && echo "MP_MESSAGING_INCOMING_${group%%=*}_GROUP_ID=${group#*=}-bench"
  return 0
}

# The gateway measures proxying: rate limits off (one client address would be limited to 20 req/s otherwise).
BENCH_GATEWAY_PROPS="-Dcubeshop.gateway.rate-limit.enabled=false"
eval "$(declare -f gateway_props | sed '1s/^gateway_props/stack_gateway_props/')"
gateway_props() {
  stack_gateway_props
  local prop
  for prop in $BENCH_GATEWAY_PROPS; do echo "$prop"; done
}

# Other work may rebuild the applications in this checkout while a benchmark runs (target/ is rewritten under a
# running JVM). The bench stack therefore runs a snapshot of the packaged applications, copied at the start of a run.
BENCH_APPS_DIR="$ROOT/bench/out/apps"
BENCH_APPS_READY=${BENCH_APPS_READY:-false}
eval "$(declare -f app_jar | sed '1s/^app_jar/stack_app_jar/')"
app_jar() {
  if $BENCH_APPS_READY; then echo "$BENCH_APPS_DIR/$1/quarkus-run.jar"; else stack_app_jar "$1"; fi
}

# bench_snapshot <source dir> <name>: a copy that matches its source file for file (copied again if a build changed
# the source meanwhile).
bench_snapshot() {
  local source=$1 target="$BENCH_APPS_DIR/$2" _
  for _ in 1 2 3; do
    rm -rf "$target.tmp"
    mkdir -p "$target.tmp"
    cp -a "$source/." "$target.tmp/"
    if diff -q <(cd "$source" && find . -type f -printf '%P %s\n' | sort) \
      <(cd "$target.tmp" && find . -type f -printf '%P %s\n' | sort) >/dev/null; then
      rm -rf "$target"
      mv "$target.tmp" "$target"
      return 0
    fi
    sleep 5
  done
  die "$source kept changing while it was copied (a build is running); try again later"
}

bench_snapshot_apps() {
  local app
  for app in "${APPS[@]}"; do bench_snapshot "$ROOT/${APP_MODULE[$app]}/target/quarkus-app" "$app"; done
  BENCH_APPS_READY=true
  export BENCH_APPS_READY
}
