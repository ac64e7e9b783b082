# SPDX-License-Identifier: GPL-2.0-only
# bash completion for schedviz(1): commands, each command's options, the
# scenario names 'schedviz list' prints, and trace files (*.data) for
# replay, report and export. Installed to
# $datadir/bash-completion/completions/schedviz.

_schedviz_scenarios()
{
	# 'schedviz list' prints a heading, then "  NAME  summary" lines.
	"${COMP_WORDS[0]}" list 2>/dev/null | awk 'NR > 1 && /^  [a-z]/ { print $1 }'
}

_schedviz()
{
	local cur prev cmd i opts
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	if [[ $COMP_CWORD -eq 1 ]]; then
		COMPREPLY=($(compgen -W 'list run record replay report export --help --version' \
			-- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}

	case $cmd in
	run | record)
		# After the scenario or '--', the words belong to the target.
		for ((i = 2; i < COMP_CWORD; i++)); do
			case ${COMP_WORDS[i]} in
			--)
				COMPREPLY=($(compgen -c -- "$cur"))
				[[ $i -lt $((COMP_CWORD - 1)) ]] && COMPREPLY=($(compgen -f -- "$cur"))
				return ;;
			-o | --output | --ring-mb | --memory-mb | --snapshot | -p | --pid | --cgroup | --duration | --flight-recorder | --trigger-latency) ((i++)) ;;
			-*) ;;
			*) COMPREPLY=($(compgen -f -- "$cur")); return ;;
			esac
		done
		case $prev in
		-o | --output | --snapshot)
			COMPREPLY=($(compgen -f -- "$cur")); return ;;
		--ring-mb)
			COMPREPLY=($(compgen -W '1 2 4 8 16 32 64 128 256 512 1024' -- "$cur")); return ;;
		-p | --pid)
			COMPREPLY=($(compgen -W "$(ls /proc | grep -E '^[0-9]+$')" -- "$cur")); return ;;
		--cgroup)
			COMPREPLY=($(compgen -d -- "$cur")); return ;;
		--duration)
			return ;;
		esac
		opts='-p --pid -a --all --cgroup --duration -o --output --no-tui --json --ring-mb --memory-mb --flight-recorder --trigger-latency --snapshot --as-root -v --verbose -h --help --'
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_schedviz_scenarios)" -- "$cur"))
		fi
		return ;;
	list)
		opts='-v --verbose -h --help' ;;
	replay)
		opts='--memory-mb -h --help' ;;
	report)
		case $prev in
		-s | --sort)
			COMPREPLY=($(compgen -W 'creation run switches runnable latency futex' \
				-- "$cur"))
			return ;;
		esac
		opts='-s --sort --json -h --help' ;;
	export)
		# bash splits '--format=c' at '=' (COMP_WORDBREAKS): prev is '='.
		[[ $prev == = && ${COMP_WORDS[COMP_CWORD-2]} == --format ]] && prev=--format
		case $prev in
		-f | --format)
			COMPREPLY=($(compgen -W 'perfetto ftrace json tracedat csv' -- "$cur")); return ;;
		-o | --output)
			COMPREPLY=($(compgen -f -- "$cur")); return ;;
		esac
		if [[ $cur == --format=* ]]; then
			COMPREPLY=($(compgen -P --format= -W 'perfetto ftrace json tracedat csv' \
				-- "${cur#--format=}"))
			return
		fi
		opts='-f --format= -o --output -h --help' ;;
	*)
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		[[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
	else
		# Trace files: *.data (and folders to reach them).
		COMPREPLY=($(compgen -G "${cur}*.data" 2>/dev/null; compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null
	fi
}

complete -F _schedviz schedviz
