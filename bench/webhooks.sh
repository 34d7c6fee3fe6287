#!/usr/bin/env bash
# Benchmarks webhook fan-out and idle event streams against Parley in Release on a fresh SQLite data directory
# (one fresh server per scenario), driven by bench/Parley.Bench.Webhooks, which is also the loopback receiver.
#   fanout:  HOOKS webhooks (messages/created, one room) pointing at distinct paths of a Kestrel receiver on
#            RECEIVER_PORTS loopback ports (each count is one scenario); MESSAGES messages posted one after another,
#            each once the previous one reached every webhook. Reports deliveries/s, latency from the POST's
#            response to the receiver p50/p90/p99/max, duplicates and missing deliveries, against a same-run baseline:
#            the same POSTs from a plain HttpClient at the concurrency the delivery worker is allowed.
#            RECEIVER_DELAY_MS makes the receiver answer late (a slow receiver; it still records arrival on receipt).
#   streams: STREAMS idle WebSocket connections to /v1/stream (each count is one scenario), held for a heartbeat
#            interval plus 5 s. Reports the server's RSS (VmRSS) and CPU with none and with all of them, heartbeats,
#            and how fast one message then reaches every stream.
# Both report the server's CPU (/proc/PID/stat) while it works, to tell a CPU-bound figure from a waiting one.
# Usage: bench/webhooks.sh [fanout|streams|all, default all]
#   env: HOOKS=1000 MESSAGES=10 RECEIVER_PORTS="1 32" RECEIVER_DELAY_MS=0 STREAMS="1000" HEARTBEAT_SECONDS=10
#   Other Parley__* variables reach the server (e.g. Parley__Webhooks__Delivery__Timeout).
# Results: bench/results/<timestamp>-webhooks.md
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
hooks=${HOOKS:-1000}
messages=${MESSAGES:-10}
receiver_ports=${RECEIVER_PORTS:-1 32}
receiver_delay=${RECEIVER_DELAY_MS:-0}
streams=${STREAMS:-1000}
heartbeat=${HEARTBEAT_SECONDS:-10}
# The worker's defaults, set explicitly so the baseline's concurrency matches them (Parley:Webhooks:Delivery).
max_concurrency=32
per_target=4
port=18090
source bench/lib.sh
report="$out/$(date -u +%Y%m%dT%H%M%SZ)-webhooks.md"
# Never leave a server behind: a stale one on the port would answer for the next run.
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$data"' EXIT
if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is in use"; exit 1; fi
# Each stream is a file descriptor in the driver and one in the server (both started from this shell).
ulimit -n "$(ulimit -Hn)"

publish_server
dotnet publish bench/Parley.Bench.Webhooks -c Release -o "$data/driver" --nologo -v quiet >/dev/null
server_env=(
  Parley__Security__AllowPrivateNetworkTargets=true Parley__Webhooks__MaxPerOwner=0
  Parley__Webhooks__Delivery__MaxConcurrency=$max_concurrency Parley__Webhooks__Delivery__ConcurrencyPerTarget=$per_target
  Parley__EventStream__HeartbeatInterval="00:00:$(printf %02d "$heartbeat")"
)
# Every scenario gets a fresh store.
fresh_server() { rm -rf "$data/db"; start_server; }
driver() {
  "$data/driver/Parley.Bench.Webhooks" "$@" --server "http://127.0.0.1:$port" --token "$token" \
    --server-pid "$server_pid" --clock-ticks "$(getconf CLK_TCK)"
}

{
  echo "# Parley webhook and event-stream benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$(nproc) cores, server and driver on the same machine; SQLite, WAL, synchronous=FULL; a fresh server per scenario."
  echo
} >"$report"

if [[ $mode == all || $mode == fanout ]]; then
  for ports in $receiver_ports; do
    echo "fan-out: $hooks webhooks on $ports receiver port(s), $messages messages..."
    fresh_server
    driver fanout --hooks "$hooks" --messages "$messages" --ports "$ports" --receiver-delay-ms "$receiver_delay" \
      --max-concurrency $max_concurrency --per-target $per_target >>"$report"
    stop_server
  done
fi

if [[ $mode == all || $mode == streams ]]; then
  for n in $streams; do
    echo "idle streams: $n connections..."
    fresh_server
    driver streams --connections "$n" --hold-seconds $((heartbeat + 5)) >>"$report"
    stop_server
  done
fi

cat "$report"
