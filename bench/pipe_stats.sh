# bench/pipe_stats.sh - sourced by the bench scripts: reading
# `perf bench sched pipe` and summarizing per-run ratios.

# stdin: perf bench sched pipe's output; stdout: its usecs/op
usec() { sed -n 's/^[[:space:]]*\([0-9.]*\) usecs\/op$/\1/p'; }

# ratio TRACED BEFORE AFTER: a traced run over the mean of the untraced runs around it
ratio() { awk -v x="$1" -v a="$2" -v c="$3" 'BEGIN {print 2 * x / (a + c)}'; }

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# interquartile range, "Q1-Q3"
iqr() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.3f-%.3f", a[int(NR/4)+1], a[int(3*NR/4)+1]}'; }

# pipe_setup DEFAULT_ROUNDS [SCHEDVIZ] [ROUNDS] [LOOPS] (the script's arguments):
# the settings every pinned pipe benchmark shares: SV, ROUNDS, LOOPS, CPU
# (the benchmark's), TRACER_CPU, a scratch folder $tmp removed on exit,
# and bench (the command).
pipe_setup() {
	local default_rounds=$1
	shift
	SV=${1:-build/schedviz}
	ROUNDS=${2:-$default_rounds}
	LOOPS=${3:-50000}
	CPU=${CPU:-0}
	TRACER_CPU=${TRACER_CPU:-1}
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	bench=(taskset -c "$CPU" perf bench sched pipe -l "$LOOPS")
}

# pipe_rounds SV_LABEL PERF_LABEL: ROUNDS interleaved rounds of untraced,
# run_sv, untraced, run_perf, untraced (functions the script defines, each
# printing the benchmark's us/op); each traced run against the mean of the
# untraced runs on either side; then the medians and the ratios' IQRs.
pipe_rounds() {
	local svl=$1 pl=$2 r b1 b2 b3 s p
	local -a base sv ps rsv rps
	for r in $(seq "$ROUNDS"); do
		b1=$("${bench[@]}" | usec)
		s=$(run_sv)
		b2=$("${bench[@]}" | usec)
		p=$(run_perf)
		b3=$("${bench[@]}" | usec)
		base+=("$b1" "$b2" "$b3"); sv+=("$s"); ps+=("$p")
		rsv+=("$(ratio "$s" "$b1" "$b2")")
		rps+=("$(ratio "$p" "$b2" "$b3")")
		echo "round $r: untraced $b1 / $b2 / $b3  $svl $s  $pl $p us/op"
	done
	echo "median us/op: untraced $(median "${base[@]}"), $svl $(median "${sv[@]}"), $pl $(median "${ps[@]}")"
	echo "median ratio to untraced: $svl $(median "${rsv[@]}") (IQR $(iqr "${rsv[@]}")), $pl $(median "${rps[@]}") (IQR $(iqr "${rps[@]}"))"
}
