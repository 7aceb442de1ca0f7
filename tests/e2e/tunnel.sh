#!/bin/bash
# Client and server over loopback for each of sets 1-3; 1 MiB echoed
# byte-exact; 65,504-byte messages echoed; garbage, a mid-handshake
# disconnect and a silent client (dropped at the handshake deadline) do not
# disturb the server; SIGINT on a client and SIGTERM on the server close
# tunnels with the encrypted close and exit 0.
. "$(dirname "$0")/lib.sh"

for set in 1 2 3; do
	pki "$T/s$set" $set
	if [ $set = 2 ]; then
		# set 2 runs on armoured certificates (server and client read the armour)
		"$Q" root sign --root-cert "$T/s2/root.qrr" --root-key "$T/s2/keys/root.qsk" --armor --force \
			--out "$T/s2/signed.qrc" "$T/s2/server.qrc" >/dev/null
		head -1 "$T/s2/signed.qrc" | grep -q "BEGIN QSTP SERVER CERTIFICATE" || fail "no armour"
	fi
	start_server "$T/s$set" "srv$set"
	out=$(echo "hello set $set" | client "$T/s$set" "$PORT" --set $set)
	[ "$out" = "hello set $set" ] || fail "set $set echo: '$out'"
	grep -q "tunnel established" "$T/srv$set.log" || fail "set $set: no 'established' log line"
	grep -q "serial [0-9a-f]\{32\}: tunnel closed: closed by peer" "$T/srv$set.log" ||
		fail "set $set: no close log line: $(cat "$T/srv$set.log")"
	stop_server "$SPID" || fail "set $set server exit status"
	echo "set $set: echo through the tunnel ok"
done

D=$T/s3
start_server "$D" main --handshake-timeout 1

# 1 MiB, byte-exact
head -c 1048576 /dev/urandom >"$T/mib"
client "$D" "$PORT" --send "$T/mib" >"$T/mib.out"
cmp "$T/mib" "$T/mib.out" || fail "1 MiB echo differs"
echo "1 MiB echoed byte-exact"

# messages of the largest payload, 65,504 bytes (read() of a file gives full chunks)
head -c $((65504 * 3)) /dev/urandom >"$T/max"
client "$D" "$PORT" --send "$T/max" >"$T/max.out"
cmp "$T/max" "$T/max.out" || fail "65,504-byte messages not echoed exactly"
echo "65,504-byte messages echoed"

# garbage
head -c 100000 /dev/urandom >"$T/garbage"
timeout 10 bash -c "cat '$T/garbage' >/dev/tcp/127.0.0.1/$PORT" 2>/dev/null || true
# a disconnect in the middle of a connect request (a header claiming 58 bytes, then 10 of them)
timeout 10 bash -c "printf '\\x01\\x3a\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00abcdefghij' >/dev/tcp/127.0.0.1/$PORT" || true

# a silent client: dropped at the 1 s deadline
t0=$(date +%s%N)
timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT; cat <&3 >/dev/null" || fail "silent client not dropped within 10 s"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ $ms -ge 900 ] && [ $ms -lt 5000 ] || fail "silent client dropped after $ms ms (deadline 1 s)"
for _ in $(seq 50); do grep -q "handshake deadline passed" "$T/main.log" && break; sleep 0.1; done
grep -q "handshake deadline passed" "$T/main.log" || fail "no deadline log line"
echo "silent client dropped at the handshake deadline after $ms ms"

# still serving
out=$(echo still here | client "$D" "$PORT")
[ "$out" = "still here" ] || fail "server stopped serving after garbage: '$out'"
grep -q "handshake failed" "$T/main.log" || fail "garbage not logged"
echo "garbage and a mid-handshake disconnect survived; server still serving"

# Ctrl-C on a client: encrypted close, exit 0 (stdin: a FIFO kept open by a sleeper)
mkfifo "$T/fifo1"
sleep 30 >"$T/fifo1" &
PIDS="$PIDS $!"
"$Q" client --root "$D/root.qrr" --cert "$D/signed.qrc" --host 127.0.0.1 --port "$PORT" \
	<"$T/fifo1" 2>"$T/c1.err" &
CPID=$!
PIDS="$PIDS $CPID"
for _ in $(seq 300); do [ "$(grep -c 'tunnel established' "$T/main.log")" -ge 4 ] && break; sleep 0.1; done
[ "$(grep -c 'tunnel established' "$T/main.log")" -ge 4 ] || fail "the client's tunnel was not established"
kill -INT "$CPID"
rc=0
wait "$CPID" || rc=$?
[ $rc = 0 ] || fail "client exit $rc after SIGINT: $(cat "$T/c1.err")"
for _ in $(seq 300); do [ "$(grep -c 'closed by peer' "$T/main.log")" -ge 4 ] && break; sleep 0.1; done
[ "$(grep -c 'closed by peer' "$T/main.log")" -ge 4 ] || fail "server did not see the encrypted close"
echo "client SIGINT: encrypted close, exit 0"

# SIGUSR1: every loop logs its counters
kill -USR1 "$SPID"
for _ in $(seq 50); do grep -q "loop 0: " "$T/main.log" && break; sleep 0.1; done
grep -q "loop 0: .* handshakes ok" "$T/main.log" || fail "no counters after SIGUSR1"
echo "SIGUSR1: $(grep -c 'loop [0-9]*: ' "$T/main.log") loops logged their counters"

# SIGTERM on the server with an established tunnel: the client gets the encrypted close
mkfifo "$T/fifo2"
sleep 30 >"$T/fifo2" &
PIDS="$PIDS $!"
"$Q" client --root "$D/root.qrr" --cert "$D/signed.qrc" --host 127.0.0.1 --port "$PORT" \
	<"$T/fifo2" 2>"$T/c2.err" &
CPID=$!
PIDS="$PIDS $CPID"
for _ in $(seq 300); do [ "$(grep -c 'tunnel established' "$T/main.log")" -ge 5 ] && break; sleep 0.1; done
[ "$(grep -c 'tunnel established' "$T/main.log")" -ge 5 ] || fail "the client's tunnel was not established"
stop_server "$SPID" || fail "server exit status after SIGTERM"
rc=0
wait "$CPID" || rc=$?
[ $rc = 1 ] || fail "client exit $rc when the server closed the tunnel"
grep -q "the server closed the tunnel" "$T/c2.err" || fail "client did not get the encrypted close: $(cat "$T/c2.err")"
grep -q "1 tunnels closed at shutdown" "$T/main.log" || fail "shutdown count: $(tail -2 "$T/main.log")"
echo "server SIGTERM: encrypted close to the open tunnel, exit 0"

# the default listener (::) takes IPv6 and IPv4 (skipped on hosts without ::1)
if grep -q "^00000000000000000000000000000001 " /proc/net/if_inet6 2>/dev/null; then
	start_server "$D" dual --listen ::
	for h in ::1 127.0.0.1; do
		out=$(echo "via $h" | client "$D" "$PORT" --host "$h")
		[ "$out" = "via $h" ] || fail "dual-stack listener via $h: '$out'"
	done
	stop_server "$SPID" || fail "dual-stack server exit status"
	echo "listener on :: served ::1 and 127.0.0.1"
fi
