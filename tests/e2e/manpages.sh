#!/bin/bash
# The man pages match --help: every option a command's --help lists is in its
# man page, and every option a man page lists is in some --help of its commands.
. "$(dirname "$0")/lib.sh"
M=docs/man

opts_help() { "$Q" "$@" --help | grep -o -- '--[a-z][a-z-]*' | sort -u; }
# options of the OPTIONS sections only (examples use other commands' options)
opts_man() {
	awk '/^\.SH/ { on = ($2 ~ /^OPTIONS/) } on' "$1" | grep -oE -- '\\-\\-[a-z]([a-z]|\\-)*' |
		sed 's/\\//g' | sort -u
}

check() {   # PAGE COMMAND...(each as one quoted string)
	local page=$M/$1 h=$T/help m=$T/man
	shift
	: >"$h"
	for c in "$@"; do
		# shellcheck disable=SC2086
		opts_help $c >>"$h"
	done
	sort -u -o "$h" "$h"
	opts_man "$page" >"$m"
	missing=$(comm -23 "$h" "$m")
	[ -z "$missing" ] || fail "$page lacks options of --help: $missing"
	extra=$(comm -13 "$h" "$m")
	[ -z "$extra" ] || fail "$page lists options --help does not: $extra"
	echo "$page: $(wc -l <"$h") options, same as --help of: $*"
}

check qstp.1 ""
check qstp-root.1 "root init" "root sign"
check qstp-server.1 "server" "server keygen"
check qstp-client.1 "client"
check qstp-cert.1 "cert show" "cert verify"
check qstp-forward.1 "forward" "status"

# qstp.conf(5) documents every key the parser knows: those of a printed
# configuration with one section of each kind, and no key the parser lacks.
printf '[service s]\naccept = 1\nconnect = h:1\n[forward f]\naccept = 2\nconnect = h:2\n' >"$T/all.conf"
"$Q" forward -c "$T/all.conf" --print-config --root r --cert c --key k |
	sed -n 's/^#* *\([a-z-]*\) = .*/\1/p' | sort -u >"$T/keys"
awk '/^\.SH/ { on = ($0 ~ /OPTIONS|SECTIONS/) } on && /^\.BI / { print $2 }' $M/qstp.conf.5 |
	sed 's/\\//g' | sort -u >"$T/mankeys"
missing=$(comm -23 "$T/keys" "$T/mankeys")
[ -z "$missing" ] || fail "qstp.conf.5 lacks keys: $missing"
extra=$(comm -13 "$T/keys" "$T/mankeys")
[ -z "$extra" ] || fail "qstp.conf.5 documents keys the parser does not print: $extra"
for k in $(cat "$T/keys"); do
	# every global key is also a flag of qstp forward, except the section-only ones
	case $k in accept|connect) continue ;; esac
	"$Q" forward --help | grep -q -- "--$k " || fail "key $k has no --$k flag"
done
echo "qstp.conf.5: $(wc -l <"$T/keys") keys, same as the parser's; each global key is a flag"
command -v man >/dev/null || { echo "man not installed: formatting not checked"; exit 0; }
for p in $M/*.1 $M/*.5; do
	man -l -Tutf8 "$p" >/dev/null 2>"$T/man.err" || fail "$p does not format"
	[ ! -s "$T/man.err" ] || fail "$p: $(cat "$T/man.err")"
done
