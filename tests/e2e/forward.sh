#!/bin/bash
# Port forwarding end to end on loopback:
#
#   fwdpeer (app) -> qstp forward -L (client) ==QSTP==> qstp forward -S (server) -> target
#
# 256 MiB byte-exact one way (hash at the target, which answers after the
# app's half-close); 200 concurrent connections x 1 MiB echoed byte-exact;
# a target that is down gives the app a prompt reset and the client log a
# clear reason; a slow reader keeps both processes' memory within the bound.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fwdlib.sh"

pki "$T/p" 1

# ---- 256 MiB through a forward, hash compared ----
start_target sink sink
SINK=$TPORT
service "$T/p" srv "$SINK" --status-socket "$T/srv.sock"
local_fwd "$T/p" cli "$SPORT"
head -c $((256 << 20)) /dev/urandom >"$T/big"
want=$(sha256sum "$T/big" | cut -d' ' -f1)
t0=$(date +%s.%N)
got=$(timeout 120 $P send "$LPORT" "$T/big") || fail "256 MiB transfer failed"
t1=$(date +%s.%N)
[ "$got" = "$want $((256 << 20))" ] || fail "256 MiB: target got '$got', want '$want $((256 << 20))'"
echo "256 MiB through a forward: sha256 equal ($(echo "$t0 $t1" | awk '{ printf "%.1f s, %.0f MiB/s", $2 - $1, 256 / ($2 - $1) }'))"
rm -f "$T/big"
stop_server "$SVPID" || fail "server forwarder exit status"
stop_server "$LPID" || fail "client forwarder exit status"

# ---- 200 concurrent forwarded connections x 1 MiB ----
start_target echo echo
ECHO=$TPORT
service "$T/p" srv2 "$ECHO"
local_fwd "$T/p" cli2 "$SPORT"
fds() { ls "/proc/$1/fd" | wc -l; }
sf0=$(fds "$SVPID"); cf0=$(fds "$LPID")
timeout 120 $P echo-clients "$LPORT" 200 $((1 << 20)) || fail "200 concurrent connections"
sleep 0.5
[ "$(fds "$SVPID")" -eq "$sf0" ] && [ "$(fds "$LPID")" -eq "$cf0" ] ||
	fail "descriptors not released: server $sf0 -> $(fds "$SVPID"), client $cf0 -> $(fds "$LPID")"
echo "every socket released: server and client back to $sf0 and $cf0 descriptors"
grep -q "tunnel error\|deadline" "$T/srv2.log" "$T/cli2.log" && fail "errors logged: $(grep -h 'tunnel error\|deadline' "$T/srv2.log" "$T/cli2.log" | head -3)"
n=$(grep -c "closed (up 1048576 B, down 1048576 B)" "$T/srv2.log" || true)
[ "$n" -eq 200 ] || fail "server logged $n clean 1 MiB closes, want 200"
echo "server: 200 tunnels closed cleanly with 1 MiB each way"

# ---- a slow reader: memory stays bounded ----
start_target source src
service "$T/p" srv3 "$TPORT"
local_fwd "$T/p" cli3 "$SPORT"
s0=$(rss_kib "$SVPID"); c0=$(rss_kib "$LPID")
$P stall "$LPORT" 6 >"$T/stall.out" &
STALL=$!
sleep 4
s1=$(rss_kib "$SVPID"); c1=$(rss_kib "$LPID")
wait "$STALL"
echo "slow reader: server RSS ${s0} -> ${s1} KiB, client RSS ${c0} -> ${c1} KiB (bound: 832 KiB of buffers per connection)"
[ $((s1 - s0)) -lt 3072 ] || fail "server RSS grew by $((s1 - s0)) KiB with a slow reader"
[ $((c1 - c0)) -lt 3072 ] || fail "client RSS grew by $((c1 - c0)) KiB with a slow reader"
[ "$(cat "$T/stall.out")" -gt 0 ] || fail "the slow reader got nothing after its pause"

# ---- the target is down: prompt, clear error ----
start_target echo gone
GONE=$TPORT
kill "$(echo "$PIDS" | awk '{ print $NF }')"
sleep 0.2
service "$T/p" srv4 "$GONE"
local_fwd "$T/p" cli4 "$SPORT"
res=$(timeout 30 $P connect-eof "$LPORT")
case "$res" in
reset*|eof*) ;;
*) fail "target down: the app saw '$res', want a reset or EOF" ;;
esac
secs=${res#* }
awk -v s="$secs" 'BEGIN { exit !(s < 3) }' || fail "target down: the app waited $secs s"
sleep 0.2
grep -q "before any data came back" "$T/cli4.log" || fail "client log: $(cat "$T/cli4.log")"
grep -q "target 127.0.0.1 port $GONE: Connection refused" "$T/srv4.log" || fail "server log: $(cat "$T/srv4.log")"
echo "target down: app saw '$res'; client log: $(grep -o 'the server closed the tunnel before any data came back' "$T/cli4.log" | head -1)"
echo "forward: all passed"
