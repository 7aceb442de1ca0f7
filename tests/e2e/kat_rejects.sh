#!/bin/bash
# qstp-kat must exit non-zero, and say why, on a vector file it cannot
# interpret or that fails; and exit 0 on a good one (so the checks below can
# tell the difference).  Crafted files in a temporary directory.
#
#   QSTP_BUILD=build tests/e2e/kat_rejects.sh
set -u
BUILD=${QSTP_BUILD:-build}
KAT=$BUILD/bin/qstp-kat
[ -x "$KAT" ] || { echo "no $KAT"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0

# expect NAME WANT_RC(0|nonzero) PATTERN FILE...
expect() {
	local name=$1 want=$2 pat=$3
	shift 3
	local out rc
	out=$("$KAT" "$@" 2>&1)
	rc=$?
	if [ "$want" = 0 ] && [ $rc -ne 0 ]; then
		echo "FAIL $name: exit $rc, want 0"; echo "$out" | sed 's/^/    /'; fails=$((fails + 1)); return
	fi
	if [ "$want" != 0 ] && [ $rc -eq 0 ]; then
		echo "FAIL $name: exit 0, want non-zero"; echo "$out" | sed 's/^/    /'; fails=$((fails + 1)); return
	fi
	if ! grep -qE -- "$pat" <<<"$out"; then
		echo "FAIL $name: output lacks /$pat/"; echo "$out" | sed 's/^/    /'; fails=$((fails + 1)); return
	fi
	if ! tail -n 1 <<<"$out" | grep -qE '^[0-9]+ passed, [0-9]+ failed$'; then
		echo "FAIL $name: last line is not the summary"; fails=$((fails + 1)); return
	fi
	echo "ok   $name"
}

# SHA3-256("") from FIPS 202 / the NIST examples, written here by hand.
EMPTY=A7FFC6F8BF1ED76651C14756A061D662F580FF4DE43B49FA82D80A4B80F8434A
ZERO=0000000000000000000000000000000000000000000000000000000000000000
sha3() { # sha3 TESTTYPE MSG LEN MD [extra group fields]
	printf '{"vsId":0,"algorithm":"SHA3-256","revision":"2.0","testGroups":[{"tgId":1,"testType":"%s"%s,"tests":[{"tcId":1,"msg":"%s","len":%s,"md":"%s"}]}]}\n' \
		"$1" "${5:-}" "$2" "$3" "$4"
}

sha3 AFT "" 0 $EMPTY >"$T/good.json"
expect "good file passes" 0 '^PASS .*1 passed, 0 failed' "$T/good.json"

sha3 AFT "" 0 $ZERO >"$T/wrong.json"
expect "wrong digest fails" 1 '^1 failed|0 passed, 1 failed' "$T/wrong.json"

echo '{"algorithm":"SHA3-256","revision":"2.0","testGroups":[' >"$T/truncated.json"
expect "malformed JSON" 1 'unreadable JSON' "$T/truncated.json"

echo '[1, 2, 3]' >"$T/array.json"
expect "not an object" 1 'not a vector file' "$T/array.json"

sed 's/"SHA3-256"/"SHA3-9000"/' "$T/good.json" >"$T/unknown-alg.json"
expect "unknown algorithm" 1 'no handler for algorithm "SHA3-9000"' "$T/unknown-alg.json"

sed 's/"revision":"2.0"/"revision":"7.5"/' "$T/good.json" >"$T/unknown-rev.json"
expect "unknown revision" 1 'no handler' "$T/unknown-rev.json"

sha3 XYZ "" 0 $EMPTY >"$T/unknown-type.json"
expect "unknown testType" 1 'cannot interpret.*testType "XYZ"' "$T/unknown-type.json"

sha3 AFT "ZZ" 8 $EMPTY >"$T/bad-hex.json"
expect "bad hex" 1 'cannot interpret' "$T/bad-hex.json"

sha3 AFT "00" 16 $EMPTY >"$T/bad-len.json"
expect "hex shorter than len" 1 'cannot interpret' "$T/bad-len.json"

sha3 MCT "00" 8 $EMPTY ',"mctVersion":"alternate"' >"$T/bad-mct.json"
expect "unknown mctVersion" 1 'cannot interpret.*mctVersion' "$T/bad-mct.json"

echo '{"algorithm":"SHA3-256","revision":"2.0","testGroups":[{"tgId":1,"testType":"AFT","tests":[]}]}' >"$T/empty.json"
expect "no test case" 1 'no test case ran' "$T/empty.json"

printf '{"algorithm":"KMAC-128","revision":"1.0","testGroups":[{"tgId":1,"testType":"AFT","xof":"maybe","hexCustomization":false,"tests":[{"tcId":1}]}]}\n' >"$T/kmac-xof.json"
expect "KMAC xof not a boolean" 1 'cannot interpret.*xof' "$T/kmac-xof.json"

mkdir -p "$T/noexp"
sha3 AFT "" 0 $EMPTY >"$T/noexp/prompt.json"
expect "prompt without expectedResults" 1 'no usable .*expectedResults.json' "$T/noexp/prompt.json"

expect "one bad file fails the run" 1 '1 passed, 1 failed' "$T/good.json" "$T/unknown-alg.json"

QSTP_KAT_NO_LDT=1 expect "LDT skipped by name" 0 'SKIP .*large-data' "$T/good.json" \
	<(printf '{"algorithm":"SHA3-256","revision":"2.0","testGroups":[{"tgId":1,"testType":"AFT","tests":[{"tcId":1,"msg":"","len":0,"md":"%s"}]},{"tgId":2,"testType":"LDT","tests":[{"tcId":2,"len":0,"md":"%s","largeMsg":{"content":"00","contentLength":8,"fullLength":8,"expansionTechnique":"repeating"}}]}]}' $EMPTY $EMPTY)

# Large-data streaming: "ab" repeated to 40 bits ("ababa") and to 640000
# bits (more than one 64 KiB buffer; expected values from Python hashlib).
ldt() {
	printf '{"algorithm":"SHA3-256","revision":"2.0","testGroups":[{"tgId":1,"testType":"LDT","tests":[{"tcId":1,"len":0,"md":"%s","largeMsg":{"content":"6162","contentLength":16,"fullLength":%s,"expansionTechnique":"repeating"}}]}]}\n' "$2" "$1"
}
ldt 40 FC6358CA08B6D6B2997FD00C7918689A0C2314DC47CF655D3C9E6B39A2B78654 >"$T/ldt1.json"
ldt 640000 236474AE7A54C55E6FFF10D4BA191C9B868383A71E89FC1ECE19A610463E461F >"$T/ldt2.json"
expect "LDT repeats content" 0 '^2 passed, 0 failed' "$T/ldt1.json" "$T/ldt2.json"
sed 's/"repeating"/"truncated"/' "$T/ldt1.json" >"$T/ldt-bad.json"
expect "LDT unknown expansionTechnique" 1 'cannot interpret.*expansionTechnique' "$T/ldt-bad.json"

[ $fails -eq 0 ] && echo "all kat_rejects checks passed"
exit $fails
