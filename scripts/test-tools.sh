#!/usr/bin/env bash
# Installs the real clients the end-to-end tests speak with, when missing: curl, openssl, nginx, headless
# Chromium (the example site's browser test), and the Prometheus reference client's text-format
# parser for Debian's python3 (Debian packages). Run by the build before the integration tests;
# does nothing when all are there.
set -euo pipefail
need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
/usr/bin/python3 -c 'import prometheus_client.parser' >/dev/null 2>&1 || need+=(python3-prometheus-client)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "test-tools: the tests need ${need[*]}; install them (e.g. sudo apt-get install ${need[*]})" >&2
  exit 1
fi
echo "test-tools: installing ${need[*]}" >&2
# keep the package's service from starting on port 80: the tests start their own nginx
policy=/usr/sbin/policy-rc.d
created_policy=no
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=yes
fi
trap '[ "$created_policy" = yes ] && rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
