# bench/pipe_stats.sh - sourced by the bench scripts: reading
# `perf bench sched pipe` and summarizing per-run ratios.

# stdin: perf bench sched pipe's output; stdout: its usecs/op
usec() { sed -n 's/^[[:space:]]*\([0-9.]*\) usecs\/op$/\1/p'; }

# ratio TRACED BEFORE AFTER: a traced run over the mean of the untraced runs around it
ratio() { awk -v x="$1" -v a="$2" -v c="$3" 'BEGIN {print 2 * x / (a + c)}'; }

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# interquartile range, "Q1-Q3"
iqr() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.3f-%.3f", a[int(NR/4)+1], a[int(3*NR/4)+1]}'; }
