#!/usr/bin/env bash
# Footprint of each application started alone: time from exec to ready (/q/health/ready = 200) and RSS once ready,
# for several JVM flag sets, measured in one run so that they compare as ratios. Needs PostgreSQL and Kafka
# (./cubeshop infra up) and built applications (./mvnw package -DskipTests). Uses ports 18080+ so that it does not
# collide with a running stack. Writes Markdown to stdout; FOOTPRINT_JSON=<file> also writes the rows as JSON.
# The applications use the benchmark databases and consumer groups (bench/lib.sh), never those of ./cubeshop up.
#   ROUNDS=3 FOOTPRINT_FLAGSETS="default cubeshop cubeshop-c1" bench/footprint.sh
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
)
select_jdk
load_secrets
jwt_keys
port_open "$PG_PORT" && port_open "$KAFKA_PORT" || die "start the infrastructure first: ./cubeshop infra up"
bench_db_provision

measure() { # app flagset -> "millis rss_kib"
  local app=$1 opts=$2 port=18080 env=() props=() pid start ready rss
  mapfile -t env < <(app_env "$app" "$port")
  # As the stack starts it: the registry (the gateway's upstreams and the REST clients read it) and, for the gateway,
  # its token settings (the demo identity provider), without which it does not start at all.
  mapfile -t props < <(app_props "$app")
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  env "${env[@]}" java -Dcubeshop.instance=footprint $opts "${props[@]}" -jar "$(app_jar "$app")" >/tmp/footprint-$app.log 2>&1 &
  pid=$!
  until curl -fs -m 1 -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    kill -0 $pid 2>/dev/null || die "$app exited; see /tmp/footprint-$app.log"
    sleep 0.05
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 2
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill -TERM $pid; wait $pid 2>/dev/null || true
  echo "$ready $rss"
}

echo "| application | flags | time to ready (ms, median of $ROUNDS) | RSS when ready (MiB) |"
echo "|---|---|---|---|"
for app in "${APPS[@]}"; do
  for set in "${FLAGSETS[@]}"; do
    times=() rsss=()
    for ((i = 0; i < ROUNDS; i++)); do
      read -r t r < <(measure "$app" "${FLAGS[$set]}")
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
