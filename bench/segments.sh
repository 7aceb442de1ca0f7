#!/bin/bash
# TCP segments per handshake between qstp-loadgen and the server (not in
# CI): one rate run in a private network namespace, so that nstat counts
# only this traffic.  Needs unshare -n (root).
# Usage: bench/segments.sh [SET] [SECONDS] [N]
set -eu
cd "$(dirname "$0")/.."
B=${QSTP_BUILD:-build}
SET=${1:-3} SECS=${2:-2} N=${3:-64}
exec unshare -n bash -eu -c '
ip link set lo up
Q="$PWD/'"$B"'/bin/qstp"; LG="$PWD/'"$B"'/bin/qstp-loadgen"
T=$(mktemp -d); chmod 700 "$T"
trap "kill \$SPID 2>/dev/null || true; rm -rf \"$T\"" EXIT
"$Q" root init --set '"$SET"' --cert "$T/root.qrr" --key "$T/k/root.qsk" >/dev/null
"$Q" server keygen --set '"$SET"' --cert "$T/s.qrc" --key "$T/k/s.qsk" >/dev/null
"$Q" root sign --root-cert "$T/root.qrr" --root-key "$T/k/root.qsk" --out "$T/signed.qrc" "$T/s.qrc" >/dev/null
"$Q" server --root "$T/root.qrr" --cert "$T/signed.qrc" --key "$T/k/s.qsk" --listen 127.0.0.1 \
	--port 0 --port-file "$T/port" --log-level err 2>/dev/null &
SPID=$!
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
nstat -n >/dev/null
"$LG" --root "$T/root.qrr" --cert "$T/signed.qrc" --port "$(cat "$T/port")" -n '"$N"' --threads 2 \
	--rate '"$SECS"' >"$T/lg.out"
hs=$(awk "/^handshakes / {print \$2}" "$T/lg.out")
nstat | awk -v hs="$hs" "/TcpOutSegs|TcpExtTCPPureAcks|TcpOutRsts/ {
	printf \"%s_per_handshake %.2f\n\", \$1, \$2 / hs }"
'
