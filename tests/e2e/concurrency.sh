#!/bin/bash
# 1,000 simultaneous established tunnels on loopback (qstp-loadgen keeps
# every tunnel open until all have echoed their message), no failure.
. "$(dirname "$0")/lib.sh"
N=${QSTP_E2E_TUNNELS:-1000}

pki "$T/p" 3
start_server "$T/p" conc --log-level notice
timeout 300 "$LG" --root "$T/p/root.qrr" --cert "$T/p/signed.qrc" --port "$PORT" -n "$N" --window 100 >"$T/lg.out" ||
	fail "load generator: $(cat "$T/lg.out")"
cat "$T/lg.out"
grep -q "^$N tunnels: $N established and echoed, 0 failed" "$T/lg.out" || fail "not all $N tunnels echoed"
stop_server "$SPID" || fail "server exit status"
grep -q "stopped: $N accepted, $N handshakes ok, 0 failed" "$T/conc.log" || fail "server counters: $(tail -1 "$T/conc.log")"
