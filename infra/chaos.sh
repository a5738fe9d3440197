# ./cubeshop chaos: a bounded chaos run against the running stack, then the invariant check. Sourced by ./cubeshop.
# shellcheck shell=bash

# The driver is the system tests' scenario (dev.cubeshop.systemtests.Chaos), run from system-tests/target/classes with
# the runtime classpath the build writes beside it; built when missing or older than its sources.
CHAOS_CLASSPATH="$ROOT/system-tests/target/runtime-classpath.txt"

chaos_driver() {
  # Its sources and those of the modules it is built with (-am): platform and testing.
  if [ ! -f "$CHAOS_CLASSPATH" ] || [ -n "$(find "$ROOT/system-tests/src/main" "$ROOT/system-tests/pom.xml" "$ROOT/platform/src/main" \
    "$ROOT/testing/src/main" -newer "$CHAOS_CLASSPATH" -print -quit)" ]; then
    log "Building the chaos driver: ./mvnw -pl system-tests -am package -DskipTests"
    "$ROOT/mvnw" -B -q -pl system-tests -am package -DskipTests >"$LOG_DIR/build-chaos.log" 2>&1 \
      || { tail -n 30 "$LOG_DIR/build-chaos.log" >&2; die "building the chaos driver failed; see $LOG_DIR/build-chaos.log"; }
  fi
}

run_chaos() {
  app_ready api-gateway 0 || die "no stack answers on :$(app_port api-gateway 0); start one: ./cubeshop up --replicas 2"
  select_jdk
  chaos_driver
  load_secrets
  # The invariant checker reads every service's database with that service's own user, read-only.
  export CUBESHOP_PG_HOST=$PG_HOST CUBESHOP_PG_PORT=$PG_PORT CUBESHOP_ETCD=$ETCD_URL
  java -cp "$ROOT/system-tests/target/classes:$(cat "$CHAOS_CLASSPATH")" dev.cubeshop.systemtests.Chaos --root "$ROOT" "$@"
}
