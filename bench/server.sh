#!/bin/bash
# Server benchmarks (not in CI), loopback, the load generator on the same machine:
#   1. handshakes per second the server sustains with N concurrent clients
#      (each client: connect, full handshake, encrypted close, again);
#   2. the server's resident memory per idle established tunnel with M tunnels:
#      (VmRSS with M idle tunnels - VmRSS before any) / M.
# With each rate, the CPU time per handshake of the server and of the load
# generator (user + system, from /proc and getrusage: steadier than the rate
# on a shared machine), the server's context switches per handshake (all its
# threads, voluntary + involuntary), and with STRACE=1 the server's system calls per
# handshake (strace -c -f; slows the run, so the rate is not comparable).
# With PERF=PREFIX, perf profiles (software clock, call graphs) of the server
# (PREFIX.server) and of the load generator (PREFIX.loadgen) for each N.
# SERVER_OPTS: extra options for `qstp server` (e.g. "--workers 1").
# Usage: bench/server.sh [SET] [SECONDS] [N...]     env: TUNNELS (default 10000; 0 skips the
# memory part), STRACE
set -eu
cd "$(dirname "$0")/.."
B=${QSTP_BUILD:-build}
Q="$PWD/$B/bin/qstp"
LG="$PWD/$B/bin/qstp-loadgen"
SET=${1:-3}
SECS=${2:-10}
shift 2 2>/dev/null || shift $#
CONC=${*:-16 64 256}
TUNNELS=${TUNNELS:-10000}
T=$(mktemp -d)
chmod 700 "$T"
SPID=""
LPID=""
cleanup() {
	[ -z "$LPID" ] || kill "$LPID" 2>/dev/null || true
	[ -z "$SPID" ] || kill "$SPID" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT

"$Q" root init --set "$SET" --cert "$T/root.qrr" --key "$T/k/root.qsk" >/dev/null
"$Q" server keygen --set "$SET" --cert "$T/s.qrc" --key "$T/k/s.qsk" >/dev/null
"$Q" root sign --root-cert "$T/root.qrr" --root-key "$T/k/root.qsk" --out "$T/signed.qrc" "$T/s.qrc" >/dev/null

start() {
	rm -f "$T/port"
	"$Q" server --root "$T/root.qrr" --cert "$T/signed.qrc" --key "$T/k/s.qsk" --listen 127.0.0.1 \
		--port 0 --port-file "$T/port" --log-level err ${SERVER_OPTS:-} 2>"$T/server.log" &
	SPID=$!
	for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
	PORT=$(cat "$T/port")
}
stop() {
	kill -TERM "$SPID"
	wait "$SPID" || true
	SPID=""
}

echo "# set $SET, $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
start
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ctx_switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {n += $2} END {print n}'; }
for n in $CONC; do
	threads=1
	[ "$n" -ge 2 ] && threads=2
	STP=""
	if [ -n "${STRACE:-}" ]; then
		strace -c -f -p "$SPID" -o "$T/strace" 2>/dev/null &
		STP=$!
		sleep 1
	fi
	PFP=""
	PLG=()
	if [ -n "${PERF:-}" ]; then
		perf record -q -F 1000 -g -p "$SPID" -o "$PERF.server.c$n" 2>/dev/null &
		PFP=$!
		PLG=(perf record -q -F 1000 -g -o "$PERF.loadgen.c$n" --)
		sleep 1
	fi
	c0=$(cpu_ticks "$SPID")
	x0=$(ctx_switches "$SPID")
	/usr/bin/time -f "%U %S" -o "$T/lgcpu" "${PLG[@]}" "$LG" --root "$T/root.qrr" --cert "$T/signed.qrc" \
		--port "$PORT" -n "$n" --threads $threads --rate "$SECS" >"$T/lg.out"
	c1=$(cpu_ticks "$SPID")
	x1=$(ctx_switches "$SPID")
	r=$(awk '/handshakes_per_s/ {print $2}' "$T/lg.out")
	hs=$(awk '/^handshakes / {print $2}' "$T/lg.out")
	echo "server_handshakes_per_s_set${SET}_c$n $r handshakes/s"
	awk -v hs="$hs" -v t="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" -v n="$n" -v set="$SET" \
		'{ printf "server_cpu_per_handshake_set%s_c%s %.0f us\n", set, n, t * 1e6 / hz / hs;
		   printf "loadgen_cpu_per_handshake_set%s_c%s %.0f us\n", set, n, ($1 + $2) * 1e6 / hs }' \
		"$T/lgcpu"
	awk -v hs="$hs" -v x="$((x1 - x0))" -v n="$n" \
		'BEGIN { printf "server_context_switches_per_handshake_c%s %.2f\n", n, x / hs }'
	if [ -n "$PFP" ]; then
		kill -INT "$PFP"
		wait "$PFP" || true
	fi
	if [ -n "$STP" ]; then
		kill -INT "$STP"
		wait "$STP" || true
		awk -v hs="$hs" -v n="$n" '$NF == "total" {
			printf "server_syscalls_per_handshake_c%s %.1f\n", n, $4 / hs }
			$1 ~ /^[0-9.]+$/ && $NF != "total" { calls = $4
				printf "#   %-12s %.2f per handshake\n", $NF, calls / hs }' "$T/strace"
	fi
done
stop
[ "$TUNNELS" -gt 0 ] || exit 0

start
rss0=$(awk '/VmRSS/ {print $2}' "/proc/$SPID/status")
mkfifo "$T/hold"
"$LG" --root "$T/root.qrr" --cert "$T/signed.qrc" --port "$PORT" -n "$TUNNELS" --threads 2 --window 128 --idle \
	<"$T/hold" >"$T/lg.out" &
LPID=$!
exec 9>"$T/hold"
for _ in $(seq 1200); do grep -q '^ready' "$T/lg.out" && break; sleep 0.1; done
grep -q "^ready $TUNNELS" "$T/lg.out" || { echo "idle tunnels: $(cat "$T/lg.out")"; exit 1; }
sleep 1
rss1=$(awk '/VmRSS/ {print $2}' "/proc/$SPID/status")
echo "server_rss_before ${rss0} KiB"
echo "server_rss_with_${TUNNELS}_idle_tunnels ${rss1} KiB"
echo "server_rss_per_idle_tunnel $(( (rss1 - rss0) * 1024 / TUNNELS )) bytes"
exec 9>&-
wait "$LPID" || true
LPID=""
stop
