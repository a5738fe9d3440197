#!/usr/bin/env bash
# Footprint of each application started alone: time from exec to ready (/q/health/ready = 200) and RSS once ready,
# for several JVM flag sets, measured in one run so that they compare as ratios. Needs PostgreSQL and Kafka
# (./cubeshop infra up) and built applications (./mvnw package -DskipTests). Uses ports 18080+ so that it does not
# collide with a running stack. Writes Markdown to stdout; FOOTPRINT_JSON=<file> also writes the rows as JSON.
# The applications use the benchmark databases and consumer groups (bench/lib.sh), never those of ./cubeshop up.
# The cubeshop-aot set first trains a JDK 25 AOT cache per application (JEP 483/514: one start to ready and a
# graceful stop with -XX:AOTCacheOutput, which writes the cache at exit), then starts with -XX:AOTCache.
#   ROUNDS=3 FOOTPRINT_FLAGSETS="default cubeshop cubeshop-c1 cubeshop-aot" bench/footprint.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"

ROUNDS=${ROUNDS:-3}
read -ra FLAGSETS <<<"${FOOTPRINT_FLAGSETS:-default cubeshop cubeshop-c1}"
JSON_ROWS=()
declare -A FLAGS=(
  [default]=""
  [cubeshop]="$JAVA_OPTS_DEFAULT"
  [cubeshop-c1]="$JAVA_OPTS_DEFAULT -XX:TieredStopAtLevel=1"
  [cubeshop-aot]="$JAVA_OPTS_DEFAULT -XX:AOTCache=@cache@"
)
AOT_DIR=$(mktemp -d)
trap 'rm -rf "$AOT_DIR"' EXIT
select_jdk
load_secrets
jwt_keys
port_open "$PG_PORT" && port_open "$KAFKA_PORT" || die "start the infrastructure first: ./cubeshop infra up"
bench_db_provision

# Starts $1 alone with the JVM options $2 and waits until it is ready: sets PID and READY_MS.
start_alone() {
  local app=$1 opts=$2 port=18080 env=() props=() start
  mapfile -t env < <(app_env "$app" "$port")
  # As the stack starts it: the registry (the gateway's upstreams and the REST clients read it) and, for the gateway,
  # its token settings (the demo identity provider), without which it does not start at all.
  mapfile -t props < <(app_props "$app")
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  env "${env[@]}" java -Dcubeshop.instance=footprint $opts "${props[@]}" -jar "$(app_jar "$app")" >/tmp/footprint-$app.log 2>&1 &
  PID=$!
  until curl -fs -m 1 -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    kill -0 $PID 2>/dev/null || die "$app exited; see /tmp/footprint-$app.log"
    sleep 0.05
  done
  READY_MS=$(( ($(date +%s%N) - start) / 1000000 ))
}

stop_alone() { kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; }

measure() { # app flags -> "millis rss_kib"
  local rss
  start_alone "$1" "$2"
  sleep 2
  rss=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
  stop_alone
  echo "$READY_MS $rss"
}

# The training run of the cubeshop-aot set: the cache is written while the JVM exits (an assembly step it waits for).
train_aot() { # app cache
  local started=$SECONDS
  start_alone "$1" "$JAVA_OPTS_DEFAULT -XX:AOTCacheOutput=$2"
  stop_alone
  [ -s "$2" ] || die "no AOT cache was written for $1; see /tmp/footprint-$1.log"
  log "$1: AOT cache of $(($(stat -c %s "$2") / 1048576)) MiB trained in $((SECONDS - started)) s"
}

echo "| application | flags | time to ready (ms, median of $ROUNDS) | RSS when ready (MiB) |"
echo "|---|---|---|---|"
for app in "${APPS[@]}"; do
  for set in "${FLAGSETS[@]}"; do
    times=() rsss=() flags=${FLAGS[$set]}
    if [ "$set" = cubeshop-aot ]; then
      train_aot "$app" "$AOT_DIR/$app.aot" >&2
      flags=${flags//@cache@/$AOT_DIR/$app.aot}
    fi
    for ((i = 0; i < ROUNDS; i++)); do
      read -r t r < <(measure "$app" "$flags")
      times+=("$t"); rsss+=("$r")
    done
    med_t=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p")
    med_r=$(printf '%s\n' "${rsss[@]}" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p")
    echo "| $app | $set | $med_t | $((med_r / 1024)) |"
    JSON_ROWS+=("{\"app\":\"$app\",\"flags\":\"$set\",\"readyMs\":$med_t,\"rssMiB\":$((med_r / 1024))}")
  done
done
if [ -n "${FOOTPRINT_JSON:-}" ]; then
  printf '%s\n' "${JSON_ROWS[@]}" | jq -s . >"$FOOTPRINT_JSON"
fi
