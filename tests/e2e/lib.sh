# Shared by the end-to-end scripts (sourced, not run).  Loopback only; ports
# are picked by the kernel (--port 0 + --port-file); every process started
# is recorded and stopped by its PID on exit; every wait is bounded.
set -eu
cd "$(dirname "$0")/../.."
B=${QSTP_BUILD:-build}
Q="$PWD/$B/bin/qstp"
LG="$PWD/$B/bin/qstp-loadgen"
T=$(mktemp -d)
chmod 700 "$T"
PIDS=""

cleanup() {
	for p in $PIDS; do kill -TERM "$p" 2>/dev/null || true; done
	for p in $PIDS; do
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null || true
	done
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# pki DIR SET [extra server keygen args...]: root, server key, signed cert in DIR.
pki() {
	local d=$1 set=$2
	shift 2
	mkdir -p -m 700 "$d"
	"$Q" root init --issuer "e2e root $set" --set "$set" --cert "$d/root.qrr" --key "$d/keys/root.qsk" >/dev/null
	"$Q" server keygen --issuer "e2e server $set" --set "$set" --cert "$d/server.qrc" \
		--key "$d/keys/server.qsk" "$@" >/dev/null
	"$Q" root sign --root-cert "$d/root.qrr" --root-key "$d/keys/root.qsk" --out "$d/signed.qrc" \
		"$d/server.qrc" >/dev/null
}

# start_server DIR NAME [args...]: starts a server with DIR's identity on a free
# loopback port; sets PORT and SPID (log in $T/NAME.log).
start_server() {
	local d=$1 name=$2
	shift 2
	rm -f "$T/$name.port"
	"$Q" server --root "$d/root.qrr" --cert "$d/signed.qrc" --key "$d/keys/server.qsk" \
		--listen 127.0.0.1 --port 0 --port-file "$T/$name.port" --log-level info "$@" \
		2>"$T/$name.log" &
	SPID=$!
	PIDS="$PIDS $SPID"
	for _ in $(seq 100); do
		[ -s "$T/$name.port" ] && break
		kill -0 "$SPID" 2>/dev/null || fail "server $name did not start: $(cat "$T/$name.log")"
		sleep 0.1
	done
	[ -s "$T/$name.port" ] || fail "server $name not ready within 10 s"
	PORT=$(cat "$T/$name.port")
}

# stop_server PID: SIGTERM, bounded wait, returns its exit status.
stop_server() {
	local p=$1 rc=0
	kill -TERM "$p"
	for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$p" 2>/dev/null && fail "server $p did not stop within 10 s"
	wait "$p" || rc=$?
	return $rc
}

# client DIR PORT [args...]: a client with DIR's root and signed certificate.
client() {
	local d=$1 port=$2
	shift 2
	timeout 60 "$Q" client --root "$d/root.qrr" --cert "$d/signed.qrc" --host 127.0.0.1 --port "$port" "$@"
}
