#!/usr/bin/env bash
# Benchmark catalog for the inventory database of the local stack.
#   services/inventory/bench/catalog.sh generate [count]   (default 1000000)
#   services/inventory/bench/catalog.sh explain             query plans of typical catalog pages
#   services/inventory/bench/catalog.sh remove
# Connection: CUBESHOP_PG_HOST/PORT (default 127.0.0.1:5432), user and database "inventory", password from
# ~/.config/cubeshop/secrets.env (written by ./cubeshop).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
secrets="${CUBESHOP_SECRETS:-${XDG_CONFIG_HOME:-$HOME/.config}/cubeshop/secrets.env}"
# shellcheck disable=SC1090
[ -f "$secrets" ] && . "$secrets"
export PGPASSWORD="${CUBESHOP_DB_PASSWORD_INVENTORY:?no password: run ./cubeshop infra up first}"
psql=(psql -X -q -h "${CUBESHOP_PG_HOST:-127.0.0.1}" -p "${CUBESHOP_PG_PORT:-5432}" -U inventory inventory)

case "${1:-}" in
  generate) time "${psql[@]}" -v count="${2:-1000000}" -f "$here/generate-catalog.sql" ;;
  explain) "${psql[@]}" -f "$here/explain-catalog.sql" ;;
  remove) "${psql[@]}" -f "$here/remove-catalog.sql" ;;
  *) sed -n '2,7p' "$0" >&2; exit 2 ;;
esac
