#!/usr/bin/env bash
# HTTPS benchmark: hexhttp (--https-port, event loop) against Netty 4.2 with the same JDK TLS
# (SslProvider.JDK), on loopback, each server pinned to CPU 0 and wrk to CPU 1, with a fresh
# self-signed certificate (openssl). Scenarios: keep-alive requests per second over 64
# connections; full handshakes per second (Connection: close, a new TLS connection per request);
# and a 100 MiB download over HTTPS (and, for hexhttp, plain HTTP). Two uncounted warm-up
# rounds, then medians of three. About 2.5 minutes.
#   scripts/bench-tls.sh [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-5}
name=bench-tls
# shellcheck source=lib/common.sh
. "$root/scripts/lib/common.sh"
need wrk openssl curl taskset
build_all

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -keyout "$work/key.pem" -out "$work/cert.pem" \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null
mkdir -p "$work/files"
head -c $((100 << 20)) /dev/urandom > "$work/files/big"


taskset -c 0 "$root/your_program.sh" --port 18281 --https-port 18282 --directory "$work/files" \
  --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" > "$work/hex.log" 2>&1 &
hex=$!; pids+=("$hex")
taskset -c 0 "$java" -Dnetty.files="$work/files" -cp "$cp" io.hexhttp.bench.NettyServer 18283 "$work/cert.pem" "$work/key.pem" > "$work/netty.log" 2>&1 &
netty=$!; pids+=("$netty")
await_port 18282; await_port 18283

run() { # name pid port wrk-args... -> "req/s cpu-us-per-request"
  local pid=$2 port=$3; shift 3
  taskset -c 1 wrk -t1 -c16 -d1s "$@" "https://127.0.0.1:$port/echo/hello" >/dev/null 2>&1 || true # warm
  local t0; t0=$(cpu_ticks "$pid")
  local out; out=$(taskset -c 1 wrk -t1 -d"${secs}s" "$@" "https://127.0.0.1:$port/echo/hello" 2>&1)
  local t1; t1=$(cpu_ticks "$pid")
  local rps; rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  local errs; errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  local cpu; cpu=$(awk -v t=$((t1 - t0)) -v r="$rps" -v s="$secs" 'BEGIN { printf "%.1f", t * 10000 / (r * s) }')
  echo "$rps $cpu ${errs:-}"
}
echo "bench-tls: warming both servers (two uncounted rounds)" >&2
for _ in 1 2; do
  for args in "-c64" "-c16 -H Connection:close"; do
    # shellcheck disable=SC2086
    taskset -c 1 wrk -t1 -d"${secs}s" $args "https://127.0.0.1:18282/echo/hello" >/dev/null 2>&1 || true
    # shellcheck disable=SC2086
    taskset -c 1 wrk -t1 -d"${secs}s" $args "https://127.0.0.1:18283/echo/hello" >/dev/null 2>&1 || true
  done
done
printf '%-28s %14s %14s %10s\n' scenario hexhttp netty hex/netty
for round in 1 2 3; do
  for scenario in keepalive64 handshake16; do
    case $scenario in
      keepalive64) args=(-c64) ;;
      handshake16) args=(-c16 -H "Connection: close") ;;
    esac
    h=$(run hex "$hex" 18282 "${args[@]}"); n=$(run netty "$netty" 18283 "${args[@]}")
    echo "round $round $scenario hexhttp $h | netty $n" >&2
    echo "$scenario $(echo "$h" | cut -d' ' -f1,2) $(echo "$n" | cut -d' ' -f1,2)" >> "$work/results"
  done
done
for scenario in keepalive64 handshake16; do
  hr=$(awk -v s=$scenario '$1==s {print $2}' "$work/results" | median)
  hc=$(awk -v s=$scenario '$1==s {print $3}' "$work/results" | median)
  nr=$(awk -v s=$scenario '$1==s {print $4}' "$work/results" | median)
  nc=$(awk -v s=$scenario '$1==s {print $5}' "$work/results" | median)
  printf '%-28s %14s %14s %9.2fx\n' "$scenario req/s" "$hr" "$nr" "$(awk -v a="$hr" -v b="$nr" 'BEGIN{print a/b}')"
  printf '%-28s %14s %14s %9.2fx\n' "$scenario CPU us/request" "$hc" "$nc" "$(awk -v a="$hc" -v b="$nc" 'BEGIN{print a/b}')"
done
# a 100 MiB download, HTTPS against plain HTTP (hexhttp), best of 3
best() { local b=999; for _ in 1 2 3; do
  t=$(taskset -c 1 curl -s -o /dev/null -w '%{time_total}' --cacert "$work/cert.pem" "$1"); b=$(awk -v a="$t" -v b="$b" 'BEGIN{print (a<b)?a:b}'); done; echo "$b"; }
tls=$(best "https://localhost:18282/files/big"); plain=$(best "http://localhost:18281/files/big")
ntls=$(best "https://localhost:18283/files/big")
printf '100 MiB download over HTTPS: hexhttp %.2f s (%.0f MiB/s), netty %.2f s (%.0f MiB/s), %.2fx\n' \
  "$tls" "$(awk -v t="$tls" 'BEGIN{print 100/t}')" "$ntls" "$(awk -v t="$ntls" 'BEGIN{print 100/t}')" \
  "$(awk -v a="$ntls" -v b="$tls" 'BEGIN{print a/b}')"
printf '100 MiB download, hexhttp plain HTTP %.2f s (%.0f MiB/s): HTTPS takes %.1fx as long\n' \
  "$plain" "$(awk -v t="$plain" 'BEGIN{print 100/t}')" "$(awk -v a="$tls" -v b="$plain" 'BEGIN{print a/b}')"
