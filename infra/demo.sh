# A walk-through of Cubeshop through the gateway, printing every request and answer. Sourced by ./cubeshop.
# shellcheck shell=bash

DEMO_GATEWAY=${CUBESHOP_GATEWAY:-http://127.0.0.1:$(app_port api-gateway 0)}

# demo_call METHOD PATH [BODY] [extra curl args...]: prints the request and the answer; the body lands in $DEMO_BODY.
demo_call() {
  local method=$1 path=$2 body=${3:-} status
  shift 3 || shift $#
  if [ -t 1 ]; then printf '\n\033[1m%s %s\033[0m\n' "$method" "$path"; else printf '\n%s %s\n' "$method" "$path"; fi
  [ -n "$body" ] && printf '%s\n' "$body"
  local args=(-s -m 10 -o "$STATE/demo-body" -w '%{http_code}' -X "$method" -H 'Accept: application/json')
  [ -n "${DEMO_TOKEN:-}" ] && args+=(-H "Authorization: Bearer $DEMO_TOKEN")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data "$body")
  status=$(curl "${args[@]}" "$@" "$DEMO_GATEWAY$path") || status="000"
  DEMO_BODY=$(cat "$STATE/demo-body" 2>/dev/null || true)
  printf '→ %s\n' "$status"
  if [ -n "$DEMO_BODY" ]; then printf '%s\n' "$DEMO_BODY" | jq . 2>/dev/null || printf '%s\n' "$DEMO_BODY"; fi
  DEMO_STATUS=$status
}

demo_expect() { # status...
  local s
  for s in "$@"; do [ "$DEMO_STATUS" = "$s" ] && return 0; done
  die "expected HTTP $* but got $DEMO_STATUS; is the stack up (./cubeshop up)?"
}

run_demo() {
  command -v jq >/dev/null || die "the demo needs jq (apt-get install jq)"
  local user=${1:-alice}
  log "Logging in as $user through the gateway at $DEMO_GATEWAY"
  DEMO_TOKEN=""
  demo_call POST /api/auth/token "{\"username\":\"$user\",\"password\":\"$user\"}"
  demo_expect 200
  DEMO_TOKEN=$(jq -r .access_token <<<"$DEMO_BODY")

  log "Browsing the catalog"
  demo_call GET "/api/products?size=5&sort=name" ""
  demo_expect 200
  # Pick two products of the demo catalog with stock (tests may leave others in a shared local database).
  local skus=() page
  for ((page = 0; page < 20 && ${#skus[@]} < 2; page++)); do
    mapfile -t skus < <(curl -s -m 5 "$DEMO_GATEWAY/api/products?size=100&sort=sku&page=$page" |
      jq -r '[.items[] | select((.sku | startswith("DEMO-")) and .available >= 2)][0:2][].sku')
  done
  [ ${#skus[@]} -ge 1 ] || die "no product of the demo catalog has stock left"
  demo_call GET "/api/products/${skus[0]}" ""
  demo_expect 200

  log "Filling the cart"
  demo_call PUT "/api/cart/items/${skus[0]}" '{"quantity":2}'
  demo_expect 200
  if [ ${#skus[@]} -ge 2 ]; then
    demo_call PUT "/api/cart/items/${skus[1]}" '{"quantity":1}'
    demo_expect 200
  fi
  demo_call GET /api/cart ""
  demo_expect 200

  log "Checking out (completeCheckout saga)"
  local key
  key=$(cat /proc/sys/kernel/random/uuid)
  demo_call POST /api/checkout '{"paymentToken":"tok_visa"}' -H "Idempotency-Key: $key"
  demo_expect 201 202
  local order
  order=$(jq -r '.orderId // .id' <<<"$DEMO_BODY")

  log "The order, aggregated with its payment and product names"
  demo_call GET "/api/orders/$order" ""
  demo_expect 200

  log "The same Idempotency-Key again: the same order, no second charge"
  demo_call POST /api/checkout '{"paymentToken":"tok_visa"}' -H "Idempotency-Key: $key"
  demo_expect 200 201 202

  log "Waiting for the OrderCompleted event to empty the cart"
  local i
  for ((i = 0; i < 20; i++)); do
    DEMO_QUIET=$(curl -s -m 5 -H "Authorization: Bearer $DEMO_TOKEN" "$DEMO_GATEWAY/api/cart")
    [ "$(jq '.lines | length' <<<"$DEMO_QUIET" 2>/dev/null)" = 0 ] && break
    sleep 0.5
  done
  demo_call GET /api/cart ""
  demo_expect 200
  [ "$(jq '.lines | length' <<<"$DEMO_BODY")" = 0 ] || die "the cart was not emptied within 10 s"
  log "Done: browsed, filled the cart, checked out once, and the cart emptied itself through Kafka."
}
