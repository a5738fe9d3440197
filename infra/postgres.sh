# PostgreSQL for the native stack. Sourced by ./cubeshop.
# shellcheck shell=bash

PG_HOST=127.0.0.1
PG_PORT=${CUBESHOP_PG_PORT:-5432}
PG_MARKER="$RUN_DIR/postgres.started"
# The services' databases: cart (the unpartitioned cart, which the cart module's tests use), one per cart shard of the
# stack (cart_0 … from infra/stack.sh, at least two), inventory, payment, checkout.
pg_databases() {
  local i shards=${CART_SHARDS:-2}
  [ "$shards" -ge 2 ] || shards=2
  echo cart
  for ((i = 0; i < shards; i++)); do echo "cart_$i"; done
  echo inventory payment checkout
}

pg_cluster() { pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port {print $1, $2; exit}'; }

pg_install() {
  log "PostgreSQL is not installed; installing Debian's package (apt-get install postgresql)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

# pg_up [--fresh]: --fresh drops the services' databases first (they are recreated empty; migrations run at start).
pg_up() {
  local fresh=false
  [ "${1:-}" = "--fresh" ] && fresh=true
  if port_open "$PG_PORT"; then
    log "PostgreSQL: using the server already listening on $PG_HOST:$PG_PORT"
  else
    command -v pg_lsclusters >/dev/null || pg_install
    local cluster
    cluster=$(pg_cluster)
    if [ -z "$cluster" ]; then
      local version
      version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
      log "PostgreSQL: creating cluster $version/main on port $PG_PORT"
      as_root pg_createcluster --port "$PG_PORT" "$version" main >/dev/null
      cluster=$(pg_cluster)
    fi
    log "PostgreSQL: starting cluster $cluster"
    # Room for several stacks of replicas (each replica pools up to 8 connections) beside the tests: Debian's 100 is
    # too few once the system tests, a developer's stack and the benchmarks share this server.
    # shellcheck disable=SC2086
    as_root pg_ctlcluster --skip-systemctl-redirect $cluster start -- -o "-c max_connections=${CUBESHOP_PG_MAX_CONNECTIONS:-400}"
    echo "$cluster" >"$PG_MARKER"
    local i
    for ((i = 0; i < 100; i++)); do port_open "$PG_PORT" && break; sleep 0.1; done
    port_open "$PG_PORT" || die "PostgreSQL did not start; see /var/log/postgresql/"
  fi
  if $fresh; then pg_drop_databases; fi
  pg_provision
}

pg_drop_databases() {
  local db sql=""
  for db in $(pg_databases); do sql+="DROP DATABASE IF EXISTS $db WITH (FORCE);"$'\n'; done
  as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres >/dev/null <<<"$sql" \
    || die "could not drop the service databases"
  log "PostgreSQL: dropped $(pg_databases | tr '\n' ' ')(--fresh)"
}

# One database and one user per service; each user may connect to its own database only. Idempotent.
pg_provision() {
  load_secrets
  local db password password_var sql=""
  for db in $(pg_databases); do
    password_var="CUBESHOP_DB_PASSWORD_${db^^}"
    password=${!password_var}
    sql+="
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$db') THEN CREATE ROLE $db LOGIN; END IF;
END \$\$;
ALTER ROLE $db WITH LOGIN PASSWORD '$password';
SELECT 'CREATE DATABASE $db OWNER $db' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db')\\gexec
REVOKE CONNECT, TEMPORARY ON DATABASE $db FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE $db TO $db;
"
  done
  if ! as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres >/dev/null <<<"$sql" 2>"$LOG_DIR/postgres-provision.err"; then
    cat "$LOG_DIR/postgres-provision.err" >&2
    die "could not create the databases as the postgres superuser on port $PG_PORT (is it a server of this machine?)"
  fi
  log "PostgreSQL: databases $(pg_databases | tr '\n' ' ')ready, one user each"
}

pg_down() {
  if [ -f "$PG_MARKER" ]; then
    local cluster
    cluster=$(cat "$PG_MARKER")
    log "PostgreSQL: stopping cluster $cluster (started by ./cubeshop)"
    # shellcheck disable=SC2086
    as_root pg_ctlcluster --skip-systemctl-redirect $cluster stop || true
    rm -f "$PG_MARKER"
  elif port_open "$PG_PORT"; then
    log "PostgreSQL: left running (it was not started by ./cubeshop)"
  fi
}

pg_status() {
  if port_open "$PG_PORT"; then
    printf '%-24s %s\n' "postgres" "up on $PG_HOST:$PG_PORT$([ -f "$PG_MARKER" ] && echo ' (started by ./cubeshop)')"
  else
    printf '%-24s %s\n' "postgres" "down"
  fi
}
