# Forwarding helpers (sourced after lib.sh).
P="python3 $PWD/tests/e2e/fwdpeer.py"

# start_target MODE NAME: a plain target (echo, sink, source); sets TPORT.
start_target() {
	$P serve "$1" "$T/$2.port" &
	PIDS="$PIDS $!"
	for _ in $(seq 100); do [ -s "$T/$2.port" ] && break; sleep 0.1; done
	[ -s "$T/$2.port" ] || fail "target $2 did not start"
	TPORT=$(cat "$T/$2.port")
}

# start_fwd NAME ARGS...: qstp forward with ARGS; sets FPORT (its first
# listener's port) and FPID; log in $T/NAME.log.
start_fwd() {
	local name=$1
	shift
	rm -f "$T/$name.ports"
	"$Q" forward --port-file "$T/$name.ports" --log-level info "$@" 2>"$T/$name.log" &
	FPID=$!
	PIDS="$PIDS $FPID"
	for _ in $(seq 100); do
		[ -s "$T/$name.ports" ] && break
		kill -0 "$FPID" 2>/dev/null || fail "forward $name did not start: $(cat "$T/$name.log")"
		sleep 0.1
	done
	[ -s "$T/$name.ports" ] || fail "forward $name not ready within 10 s"
	FPORT=$(awk 'NR == 1 { print $2 }' "$T/$name.ports")
}

# service DIR NAME TARGETPORT [ARGS...]: server side on a free port; sets SPORT, SVPID.
service() {
	local d=$1 name=$2 tp=$3
	shift 3
	start_fwd "$name" -S "127.0.0.1:0:127.0.0.1:$tp" --root "$d/root.qrr" --cert "$d/signed.qrc" \
		--key "$d/keys/server.qsk" "$@"
	SPORT=$FPORT
	SVPID=$FPID
}

# local_fwd DIR NAME SERVERPORT [ARGS...]: client side; sets LPORT, LPID.
local_fwd() {
	local d=$1 name=$2 sp=$3
	shift 3
	start_fwd "$name" -L "0:127.0.0.1:$sp" --root "$d/root.qrr" --cert "$d/signed.qrc" "$@"
	LPORT=$FPORT
	LPID=$FPID
}

# rss_kib PID
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
