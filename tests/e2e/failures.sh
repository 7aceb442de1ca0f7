#!/bin/bash
# Clients that must fail, each with a non-zero exit and a message naming the
# cause, while the server keeps serving good clients:
#   wrong root; expired server certificate; server certificate signed by
#   another root; wrong configuration set (locally with --set, and a set-1
#   PKI against a set-3 server, which the server refuses and logs).
. "$(dirname "$0")/lib.sh"

pki "$T/a" 3                       # the server's PKI
pki "$T/b" 3                       # an unrelated root and server
pki "$T/one" 1                     # a set-1 PKI
start_server "$T/a" a

good() {
	local out
	out=$(echo "good $1" | client "$T/a" "$PORT")
	[ "$out" = "good $1" ] || fail "server stopped serving after '$1': '$out'"
}

# expect_fail NAME EXIT PATTERN ROOT CERT [args]
expect_fail() {
	local name=$1 want=$2 pat=$3 root=$4 cert=$5 rc=0
	shift 5
	echo data | timeout 60 "$Q" client --root "$root" --cert "$cert" --host 127.0.0.1 --port "$PORT" "$@" \
		>"$T/$name.out" 2>"$T/$name.err" || rc=$?
	[ $rc = "$want" ] || fail "$name: exit $rc, want $want: $(cat "$T/$name.err")"
	grep -Eq "$pat" "$T/$name.err" || fail "$name: message does not name the cause: $(cat "$T/$name.err")"
	[ ! -s "$T/$name.out" ] || fail "$name: data came through"
	echo "$name: exit $rc: $(cat "$T/$name.err")"
	good "$name"
}

# 1. wrong root: the client's root did not sign the server certificate
expect_fail wrong-root 3 "signature check failed|issuer check failed" "$T/b/root.qrr" "$T/a/signed.qrc"

# 2. expired server certificate (valid for one day, three days ago)
mkdir -m 700 "$T/exp"
"$Q" server keygen --issuer expired --days 1 --valid-from $(( $(date +%s) - 3 * 86400 )) \
	--cert "$T/exp/server.qrc" --key "$T/exp/keys/server.qsk" >/dev/null
"$Q" root sign --root-cert "$T/a/root.qrr" --root-key "$T/a/keys/root.qsk" --out "$T/exp/signed.qrc" \
	"$T/exp/server.qrc" >/dev/null
expect_fail expired 3 "expired" "$T/a/root.qrr" "$T/exp/signed.qrc"
# and a server refuses to start with it
rc=0
timeout 20 "$Q" server --root "$T/a/root.qrr" --cert "$T/exp/signed.qrc" --key "$T/exp/keys/server.qsk" \
	--listen 127.0.0.1 --port 0 2>"$T/exp.err" || rc=$?
[ $rc = 3 ] && grep -q expired "$T/exp.err" || fail "server with an expired certificate: exit $rc $(cat "$T/exp.err")"
echo "server with an expired certificate: exit 3: $(cat "$T/exp.err")"

# 3. a server certificate signed by another root, presented with the right root
expect_fail other-root 3 "signature check failed|issuer check failed" "$T/a/root.qrr" "$T/b/signed.qrc"

# 4a. wrong configuration set, seen by the client
expect_fail wrong-set 3 "configuration set check failed" "$T/a/root.qrr" "$T/a/signed.qrc" --set 1

# 4b. a set-1 client (valid set-1 PKI) against the set-3 server: the server refuses
expect_fail set1-client 1 "refused the connection" "$T/one/root.qrr" "$T/one/signed.qrc"
for _ in $(seq 50); do grep -q "handshake failed" "$T/a.log" && break; sleep 0.1; done
grep "handshake failed" "$T/a.log" | tail -1 | grep -Eq "configuration|protocol|key|serial" ||
	fail "server log does not name the cause: $(grep 'handshake failed' "$T/a.log")"
echo "server log: $(grep 'handshake failed' "$T/a.log" | tail -1)"

stop_server "$SPID" || fail "server exit status"
