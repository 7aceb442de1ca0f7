#!/bin/bash
# The README's main job (make demo -> scripts/demo): a root, a server key and
# certificate signed by the root, a server on loopback, and a client whose
# data comes back through the tunnel.  Builds nothing itself.
set -eu
cd "$(dirname "$0")/../.."
B=${QSTP_BUILD:-build}
Q="$PWD/$B/bin/qstp"
[ -x "$Q" ] || { echo "demo: $Q is missing: run make first" >&2; exit 1; }
D=$(mktemp -d)
chmod 700 "$D"
SPID=""
cleanup() {
	[ -z "$SPID" ] || kill -TERM "$SPID" 2>/dev/null || true
	rm -rf "$D"
}
trap cleanup EXIT
cd "$D"

"$Q" root init --issuer "demo root" --cert root.qrr --key keys/root.qsk >/dev/null
echo "1. root created: root.qrr (ML-DSA-87 / ML-KEM-1024, set 3), its secret key in keys/ (0600, directory 0700)"
"$Q" server keygen --issuer "demo server" --cert server.qrc --key keys/server.qsk >/dev/null
"$Q" root sign --root-cert root.qrr --root-key keys/root.qsk --out server.signed.qrc server.qrc >/dev/null
"$Q" cert verify --root root.qrr server.signed.qrc >/dev/null
echo "2. server key created and its certificate signed by the root: $("$Q" cert show --json server.signed.qrc |
	sed 's/.*"serial":"\([0-9a-f]*\)".*/serial \1/')"

"$Q" server --root root.qrr --cert server.signed.qrc --key keys/server.qsk --listen 127.0.0.1 --port 0 \
	--port-file port 2>server.log &
SPID=$!
for _ in $(seq 100); do [ -s port ] && break; sleep 0.1; done
[ -s port ] || { echo "demo: the server did not start:" >&2; cat server.log >&2; exit 1; }
PORT=$(cat port)
echo "3. server listening on 127.0.0.1 port $PORT (echo service)"

MSG="Hello through a post-quantum tunnel, $(date -u +%H:%M:%S)"
head -c 1048576 /dev/urandom >data
GOT=$(echo "$MSG" | timeout 30 "$Q" client --root root.qrr --cert server.signed.qrc --host 127.0.0.1 --port "$PORT")
timeout 60 "$Q" client --root root.qrr --cert server.signed.qrc --host 127.0.0.1 --port "$PORT" --send data >echo
[ "$GOT" = "$MSG" ] || { echo "demo: echo differs: '$GOT'" >&2; exit 1; }
cmp -s data echo || { echo "demo: the 1 MiB echo differs" >&2; exit 1; }
echo "4. client sent \"$MSG\" and got it back; then 1 MiB of random data came back byte-exact"

kill -TERM "$SPID"
rc=0
wait "$SPID" || rc=$?
SPID=""
[ $rc = 0 ] || { echo "demo: server exit status $rc" >&2; exit 1; }
echo "5. server stopped by SIGTERM (exit 0), its counters: $(grep -o "stopped: .*" server.log | sed "s/^stopped: //; s/, refused.*//")"
