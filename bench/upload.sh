#!/usr/bin/env bash
# Server memory while files are uploaded: Parley in Release on a fresh data directory receives multipart uploads
# of 10 MiB and 100 MiB (curl -F, one at a time) while the server's RSS (VmRSS) is sampled every 10 ms. If uploads
# stream to disk, the peak RSS grows by about the same small amount for both sizes; if a file were buffered in
# memory, the 100 MiB upload would add at least 100 MiB. The baseline is the same server's RSS, idle, just before.
# Each upload is downloaded again and compared byte for byte.
# Usage: bench/upload.sh   Results: bench/results/<timestamp>-upload.md
set -euo pipefail
cd "$(dirname "$0")/.."
port=18085
source bench/lib.sh
report="$out/$(date -u +%Y%m%dT%H%M%SZ)-upload.md"
sampler_pid=""
trap 'kill $server_pid $sampler_pid 2>/dev/null || true; rm -rf "$data"' EXIT
if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is in use"; exit 1; fi

publish_server
start_server
api() { curl -sf -H "Authorization: Bearer $token" "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
room=$(api -H "Content-Type: application/json" -X POST "http://127.0.0.1:$port/v1/rooms" -d '{"title":"uploads"}' | json '["id"]')

# Warm up the upload path (JIT, pools) so the first measured upload does not carry one-time costs.
head -c 1048576 /dev/urandom >"$data/warm.bin"
api -o /dev/null -F "roomId=$room" -F "files=@$data/warm.bin" "http://127.0.0.1:$port/v1/messages"

rows=""
for mib in 10 100; do
  file="$data/upload-$mib.bin"
  head -c $((mib * 1048576)) /dev/urandom >"$file"
  sync
  sleep 2
  idle=$(rss_kb)
  (peak=0; while true; do r=$(rss_kb); ((r > peak)) && peak=$r && echo "$peak" >"$data/peak"; sleep 0.01; done) &
  sampler_pid=$!
  start=$(date +%s.%N)
  url=$(api -F "roomId=$room" -F "text=$mib MiB" -F "files=@$file;type=application/octet-stream" "http://127.0.0.1:$port/v1/messages" | json '["files"][0]')
  end=$(date +%s.%N)
  kill $sampler_pid; wait $sampler_pid 2>/dev/null || true
  peak=$(cat "$data/peak")
  api -o "$data/download.bin" "$url"
  cmp -s "$file" "$data/download.bin" || { echo "download of the $mib MiB upload differs"; exit 1; }
  rows+="| $mib MiB | $((idle / 1024)) | $((peak / 1024)) | +$(((peak - idle) / 1024)) | $(python3 -c "print(f'{$mib/($end-$start):.0f}')") |"$'\n'
  echo "$mib MiB: idle $((idle / 1024)) MB, peak $((peak / 1024)) MB"
done

cat >"$report" <<MD
# Parley upload memory $(date -u +%Y-%m-%dT%H:%M:%SZ)

$(nproc) cores; multipart POST /v1/messages with curl, one upload at a time, server RSS sampled every 10 ms.
Every upload downloaded again and compared byte for byte (identical). Speeds include the fsync before the 200 and
share the 2 cores with the sampler, so they are indicative only.

| upload | RSS idle before, MB | RSS peak during, MB | growth, MB | MiB/s |
|---|---|---|---|---|
${rows}
MD
cat "$report"
