#!/bin/sh
# The ML-DSA ACVP files through the portable code (QSTP_CPU_MASK=0: portable
# NTT, samplers and Keccak) and through the ML-DSA unit tests on it.  `make
# test` runs the vectors once with the fastest paths; this makes sure the
# portable ones pass them too.
set -eu
cd "$(dirname "$0")/../.."
B=${QSTP_BUILD:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

for f in ML-DSA-keyGen-FIPS204/internalProjection ML-DSA-sigVer-FIPS204/internalProjection \
	ML-DSA-sigGen-FIPS204/prompt ML-DSA-sigGen-FIPS204/expectedResults \
	ML-DSA-sigGen-FIPS204-tr1/prompt ML-DSA-sigGen-FIPS204-tr1/expectedResults; do
	mkdir -p "$T/$(dirname "$f")"
	gzip -dc "tests/vectors/acvp/$f.json.gz" >"$T/$f.json"
done
for f in ML-DSA-keyGen-FIPS204/internalProjection ML-DSA-sigVer-FIPS204/internalProjection \
	ML-DSA-sigGen-FIPS204/prompt ML-DSA-sigGen-FIPS204-tr1/prompt; do
	QSTP_CPU_MASK=0 "$B/bin/qstp-kat" "$T/$f.json" >"$T/out" 2>&1 || {
		echo "QSTP_CPU_MASK=0 $f.json failed:"; cat "$T/out"; exit 1; }
	tail -n 1 "$T/out" | sed "s|^|QSTP_CPU_MASK=0 $f: |"
done
for t in test_mldsa test_mldsa_poly; do
	QSTP_CPU_MASK=0 "$B/tests/$t" >"$T/out" 2>&1 || {
		echo "QSTP_CPU_MASK=0 $t failed:"; cat "$T/out"; exit 1; }
	tail -n 1 "$T/out" | sed "s/^/QSTP_CPU_MASK=0 $t: /"
done
