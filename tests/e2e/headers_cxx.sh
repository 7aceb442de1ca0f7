#!/bin/sh
# Every public header compiles on its own, as C11 with strict warnings and
# as C++17 (they declare extern "C" and spell [static n] as QSTP_SIZED(n)).
set -eu
cd "$(dirname "$0")/../.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
command -v g++ >/dev/null || { echo "g++ missing (build-essential)"; exit 1; }
for h in include/qstp/*.h; do
	n=$(basename "$h")
	printf '#include <qstp/%s>\nint qstp_header_probe;\n' "$n" >"$T/t.c"
	gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude -c "$T/t.c" -o "$T/t.o" || { echo "C: $n"; exit 1; }
	g++ -x c++ -std=c++17 -Wall -Wextra -Werror -Iinclude -c "$T/t.c" -o "$T/t.o" || { echo "C++: $n"; exit 1; }
done
echo "headers: $(ls include/qstp/*.h | wc -l) public headers compile alone as C11 and C++17"
