#!/bin/sh
# run_fuzz.sh FUZZER SYNTH_TRACE SECONDS: run the trace-file fuzz harness for a
# bounded time from a synthetic seed corpus. Exit 77 (skip) when the build has
# no harness: configure a separate build with
#   CC=clang meson setup build-fuzz -Dfuzz=true
# A crash leaves its input as $SCHEDVIZ_BUILD/fuzz-crash-* and fails the test;
# inputs that once crashed are kept in fuzz_regress/ and join the corpus, so
# every run tries them first.
set -u
fuzzer=$1 synth=$2 seconds=$3
if [ ! -x "$fuzzer" ]; then
	echo "skip: no fuzz harness in this build (CC=clang meson setup -Dfuzz=true)" >&2
	exit 77
fi
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/corpus"
"$synth" "$dir/corpus" || exit 1
cp "$(dirname "$0")"/fuzz_regress/* "$dir/corpus/" || exit 1
"$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
	-artifact_prefix="${SCHEDVIZ_BUILD:-.}/fuzz-" "$dir/corpus" 2>"$dir/log"
rc=$?
tail -n 25 "$dir/log" >&2
exit $rc
