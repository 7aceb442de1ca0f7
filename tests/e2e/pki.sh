#!/bin/bash
# The PKI through the CLI: root init, server keygen, root sign, cert show
# (text and JSON), cert verify (exit 3 naming the check), file modes, no
# overwrite without --force, refusal of readable keys, armour and binary input.
. "$(dirname "$0")/lib.sh"
D=$T/pki
mkdir -m 700 "$D"
cd "$D"

"$Q" root init --issuer "Example Root" --days 30 --set 3 >out.txt
grep -q "root.qrr" out.txt || fail "root init output: $(cat out.txt)"
[ "$(stat -c %a root-key)" = 700 ] || fail "root key directory mode $(stat -c %a root-key)"
[ "$(stat -c %a root-key/root.qsk)" = 600 ] || fail "root key mode $(stat -c %a root-key/root.qsk)"
"$Q" server keygen --issuer "srv.example" --days 10 --armor >/dev/null
[ "$(stat -c %a server-key/server.qsk)" = 600 ] || fail "server key mode"
head -1 server.qrc | grep -q -- "-----BEGIN QSTP SERVER CERTIFICATE-----" || fail "armour not written"

# never overwrite without --force
if "$Q" root init --issuer other 2>err.txt; then fail "root init overwrote files"; fi
grep -q "exists" err.txt || fail "no 'exists' message: $(cat err.txt)"
sum_before=$(sha256sum root.qrr)
[ "$(sha256sum root.qrr)" = "$sum_before" ] || fail "root.qrr changed"

# unsigned certificate fails verification with exit 3
rc=0; "$Q" cert verify --root root.qrr server.qrc >v.txt || rc=$?
[ $rc = 3 ] || fail "verify of an unsigned certificate: exit $rc"
grep -q "signature check failed" v.txt || fail "verify message: $(cat v.txt)"

# sign (armour in, binary out), verify
"$Q" root sign --root-cert root.qrr --root-key root-key/root.qsk --out signed.qrc server.qrc >/dev/null
"$Q" cert verify --root root.qrr signed.qrc | grep -q "signed.qrc: OK" || fail "signed cert does not verify"
# signing in place needs --force
if "$Q" root sign --root-cert root.qrr --root-key root-key/root.qsk server.qrc 2>err.txt; then
	fail "in-place sign without --force"
fi
"$Q" root sign --root-cert root.qrr --root-key root-key/root.qsk --armor --force server.qrc >/dev/null
"$Q" cert verify --root root.qrr server.qrc | grep -q OK || fail "armoured signed cert does not verify"

# show: words and JSON
"$Q" cert show signed.qrc >show.txt
grep -q "srv.example" show.txt || fail "show lacks the issuer: $(cat show.txt)"
"$Q" cert show --json signed.qrc root.qrr >show.json
python3 - show.json <<'PY' || fail "JSON output"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
s, r = (json.loads(l) for l in lines)
assert s["type"] == "server" and s["issuer"] == "srv.example" and s["signed"] is True, s
assert r["type"] == "root" and r["issuer"] == "Example Root" and r["set"] == 3, r
assert r["supported"] is True and r["signature"] == "ML-DSA-87" and r["kem"] == "ML-KEM-1024", r
assert s["root_serial"] == r["serial"], (s, r)
assert s["valid_to_unix"] - s["valid_from_unix"] == 10 * 86400, s
PY

# a second root: the certificate fails against it, naming the check
"$Q" root init --issuer "Other Root" --cert other.qrr --key other-key/root.qsk >/dev/null
rc=0; "$Q" cert verify --root other.qrr signed.qrc >v.txt || rc=$?
[ $rc = 3 ] || fail "verify against another root: exit $rc"
grep -Eq "signature check failed|issuer check failed" v.txt || fail "message: $(cat v.txt)"

# --at after expiry: exit 3, expired
rc=0; "$Q" cert verify --root root.qrr --at $(( $(date +%s) + 20 * 86400 )) signed.qrc >v.txt || rc=$?
[ $rc = 3 ] && grep -q "expired" v.txt || fail "expiry: exit $rc $(cat v.txt)"

# wrong configuration set
rc=0; "$Q" cert verify --root root.qrr --set 1 signed.qrc >v.txt || rc=$?
[ $rc = 3 ] && grep -q "configuration set" v.txt || fail "set check: exit $rc $(cat v.txt)"

# a secret key readable by others is refused
chmod 644 root-key/root.qsk
rc=0; "$Q" root sign --root-cert root.qrr --root-key root-key/root.qsk --out x.qrc server.qrc 2>err.txt || rc=$?
[ $rc = 3 ] && grep -q "readable by others" err.txt || fail "readable key: exit $rc $(cat err.txt)"
[ ! -e x.qrc ] || fail "signed with a readable key"
chmod 600 root-key/root.qsk

# a secret key is not written into a directory others can enter
mkdir -m 755 open
rc=0; "$Q" server keygen --cert open.qrc --key open/s.qsk 2>err.txt || rc=$?
[ $rc != 0 ] && grep -q "accessible to others" err.txt || fail "open key dir: exit $rc $(cat err.txt)"

# help for every command
for c in "" "root init" "root sign" "server keygen" "server" "client" "cert show" "cert verify"; do
	# shellcheck disable=SC2086
	"$Q" $c --help | grep -q "usage: qstp" || fail "qstp $c --help"
done
echo "pki: root init, server keygen, root sign, show (text, JSON), verify (exit 3 naming the check), modes, --force, readable keys refused"
