#!/bin/sh
# The RCS vector files through each block-function implementation, chosen
# with QSTP_CPU_MASK: 0 = portable bitsliced, 4 = AES-NI without VAES (on a
# CPU that has it), unmasked = the fastest.  `make test` runs them once with
# the default choice; this makes sure the other paths pass them too.
set -eu
cd "$(dirname "$0")/../.."
B=${QSTP_BUILD:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

for f in rcs_encrypt rcs_decrypt rcs_kat kmac_qsc; do
	if [ -f "tests/vectors/qstp/$f.json.gz" ]; then
		gzip -dc "tests/vectors/qstp/$f.json.gz" >"$T/$f.json"
	else
		cp "tests/vectors/qstp/$f.json" "$T/$f.json"
	fi
done
for mask in 0 4; do
	for f in rcs_encrypt rcs_decrypt rcs_kat kmac_qsc; do
		QSTP_CPU_MASK=$mask "$B/bin/qstp-kat" "$T/$f.json" >"$T/out" 2>&1 || {
			echo "QSTP_CPU_MASK=$mask $f.json failed:"; cat "$T/out"; exit 1; }
		tail -n 1 "$T/out" | sed "s/^/QSTP_CPU_MASK=$mask $f: /"
	done
done
