#!/bin/sh
# `make install DESTDIR=...` installs the static and shared library (with
# SONAME), the headers (PREFIX=/opt/qstp: pkg-config drops -I/usr/include) and qstp.pc; a two-line program built with
# `pkg-config --cflags --libs qstp` against that tree hashes "abc" correctly,
# linked both dynamically and statically.
set -eu
cd "$(dirname "$0")/../.."
B=${QSTP_BUILD:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

make --no-print-directory -s O="$B" install DESTDIR="$T/root" PREFIX=/opt/qstp >/dev/null

for f in opt/qstp/lib/libqstp.a opt/qstp/lib/libqstp.so opt/qstp/lib/libqstp.so.0 opt/qstp/include/qstp/qstp.h \
         opt/qstp/include/qstp/keccak.h opt/qstp/lib/pkgconfig/qstp.pc; do
	[ -e "$T/root/$f" ] || { echo "missing $f"; exit 1; }
done
soname=$(objdump -p "$T/root/opt/qstp/lib/libqstp.so" | awk '/SONAME/ {print $2}')
[ "$soname" = "libqstp.so.0" ] || { echo "SONAME is '$soname'"; exit 1; }

cat >"$T/abc.c" <<'C'
#include <stdio.h>
#include <qstp/qstp.h>
int main(void) { unsigned char d[32]; qstp_sha3_256(d, (const unsigned char *)"abc", 3); for (int i = 0; i < 32; i++) printf("%02x", d[i]); printf("\n"); return 0; }
C
export PKG_CONFIG_SYSROOT_DIR="$T/root" PKG_CONFIG_PATH="$T/root/opt/qstp/lib/pkgconfig" PKG_CONFIG_LIBDIR="$T/root/opt/qstp/lib/pkgconfig"
want=3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532
# shellcheck disable=SC2046
cc -o "$T/abc" "$T/abc.c" $(pkg-config --cflags --libs qstp)
got=$(LD_LIBRARY_PATH="$T/root/opt/qstp/lib" "$T/abc")
[ "$got" = "$want" ] || { echo "dynamic: got $got"; exit 1; }
ldd_out=$(LD_LIBRARY_PATH="$T/root/opt/qstp/lib" ldd "$T/abc")
echo "$ldd_out" | grep -q 'libqstp.so.0' || { echo "not linked against libqstp.so.0"; exit 1; }
# shellcheck disable=SC2046
cc -o "$T/abc_static" "$T/abc.c" $(pkg-config --cflags qstp) "$T/root/opt/qstp/lib/libqstp.a" -lpthread
got=$("$T/abc_static")
[ "$got" = "$want" ] || { echo "static: got $got"; exit 1; }
echo "install: library, headers, qstp.pc and SONAME ok; SHA3-256(abc) correct (dynamic and static)"
