#!/bin/sh
# fuzz_long.sh [RUNS] [BUILD_DIR]: the trace reader's fuzz harness (reader,
# loader, JSON summary, ftrace formatter; see tests/file/fuzz_reader.c) for
# RUNS executions (default 10,000,000) under ASan and UBSan, niced. Not run by
# CI: at ~15 k exec/s on this machine it takes 10-15 minutes. Configures
# BUILD_DIR (default build-fuzz-long) with clang and -Dfuzz=true when it has
# no harness yet. The corpus starts from synth_trace's seeds and every input
# in tests/file/fuzz_regress/, and grows in BUILD_DIR/fuzz-long-corpus. A
# crash leaves its input as BUILD_DIR/fuzz-long-crash-*: fix the bug, then
# copy the input into tests/file/fuzz_regress/ so every later run tries it.
# Prints libFuzzer's final stats and a line: executions, seconds, crashes,
# corpus files. Exit status: libFuzzer's (0: nothing found).
set -u
runs=${1:-10000000}
build=${2:-build-fuzz-long}
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src" || exit 1
if [ ! -x "$build/tests/file/fuzz_reader" ]; then
	[ -d "$build" ] || CC=clang meson setup "$build" -Dfuzz=true >/dev/null || exit 1
	ninja -C "$build" tests/file/fuzz_reader tests/file/synth_trace >/dev/null || exit 1
fi
corpus=$build/fuzz-long-corpus
rm -rf "$corpus"
mkdir -p "$corpus" || exit 1
"$build/tests/file/synth_trace" "$corpus" || exit 1
cp tests/file/fuzz_regress/* "$corpus/" || exit 1
log=$build/fuzz-long.log
start=$(date +%s)
nice -n 10 "$build/tests/file/fuzz_reader" -runs="$runs" -rss_limit_mb=2048 -timeout=20 \
	-print_final_stats=1 -artifact_prefix="$build/fuzz-long-" "$corpus" 2>"$log"
rc=$?
end=$(date +%s)
tail -n 20 "$log"
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
crashes=$(ls "$build"/fuzz-long-crash-* "$build"/fuzz-long-leak-* "$build"/fuzz-long-timeout-* 2>/dev/null | wc -l)
echo "fuzz_long: ${execs:-?} executions in $((end - start)) s, exit $rc, crashes $crashes," \
	"corpus $(ls "$corpus" | wc -l) files"
exit $rc
