#!/usr/bin/env bash
# Generates an overlay's secrets into <overlay>/secrets/ (git-ignored): one random password per database and the demo
# identity provider's RS256 key pair. Existing files are kept, so running it again changes nothing.
#   k8s/generate-secrets.sh k8s/overlays/dev
set -euo pipefail
overlay=${1:?usage: $0 <overlay directory, e.g. k8s/overlays/dev>}
[ -f "$overlay/kustomization.yaml" ] || { echo "error: $overlay has no kustomization.yaml" >&2; exit 1; }
command -v openssl >/dev/null || { echo "error: openssl is needed (apt-get install openssl)" >&2; exit 1; }
dir="$overlay/secrets"
mkdir -p "$dir"
chmod 700 "$dir"
umask 077
# One database per cart shard (cart_0, cart_1 ...): a new shard's database goes here and into the overlays too.
for db in cart_0 cart_1 inventory payment checkout; do
  # No trailing newline: the file's bytes are the password.
  [ -s "$dir/$db.password" ] || printf '%s' "$(openssl rand -hex 24)" >"$dir/$db.password"
done
if [ ! -s "$dir/private.pem" ] || [ ! -s "$dir/public.pem" ]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/private.pem" 2>/dev/null
  openssl pkey -in "$dir/private.pem" -pubout -out "$dir/public.pem" 2>/dev/null
fi
echo "secrets for $overlay are in $dir (git-ignored)"
