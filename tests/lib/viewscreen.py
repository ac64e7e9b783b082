# SPDX-License-Identifier: GPL-2.0-only
"""Reading the view's screen (a tmux capture) back into numbers, with the
precision the view prints them at, for tests/tui: durations and counts as
intervals (tui/fmt.c rounds them), the time axis's labels and the lane rows."""
import re

DUR_UNITS = {"": 1, "ns": 1, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}
DURATION = r"([0-9]+(?:\.[0-9]+)?)(ns|µs|us|ms|s|)"	# "0" has no unit
COUNT = r"([0-9]+(?:\.[0-9]+)?[kMG]?)"
_AXIS_LABEL = re.compile(r"╷([0-9.]+)(ns|µs|us|ms|s)?")


def duration_ns(num, unit):
    """(value, half the last printed digit) in ns of a duration fmt__duration printed."""
    decimals = len(num.split(".")[1]) if "." in num else 0
    scale = DUR_UNITS[unit]
    return float(num) * scale, 0.5 * scale * 10 ** -decimals


def count_range(text):
    """[lo, hi] of the counts fmt__count prints as text ("123", "12.3k", "1.05M")."""
    mult = {"k": 1e3, "M": 1e6, "G": 1e9}.get(text[-1:], 1)
    num = text[:-1] if mult != 1 else text
    decimals = len(num.split(".")[1]) if "." in num else 0
    half = 0.5 * mult * 10 ** -decimals if mult != 1 else 0
    return float(num) * mult - half, float(num) * mult + half


def in_count(text, n):
    lo, hi = count_range(text)
    return lo <= n <= hi


def timeline_x(lines):
    """Column where the timeline starts: right of the bar on the first lane row."""
    for line in lines[3:]:
        i = line.find("│")
        if i > 0:
            return i + 1
    return None


def axis_labels(screen, width):
    """(timeline width, [(column in the timeline, ms)]) of the axis row (the
    third line); (None, []) when there is no lane row to place it by."""
    lines = screen.splitlines()
    x = timeline_x(lines)
    if x is None or len(lines) < 3:
        return None, []
    end = lines[3].find("│", x)	# a side panel's bar ends the timeline
    w = (end if end > 0 else width) - x
    out = []
    for m in _AXIS_LABEL.finditer(lines[2]):
        if m.start() < x or m.start() >= x + w:
            continue
        out.append((m.start() - x, float(m.group(1)) * DUR_UNITS[m.group(2) or "ms"] / 1e6))
    return w, out


def lane_rows(screen):
    """{lane name: [the row's fields after the name]} of the rows with a timeline bar."""
    out = {}
    for line in screen.splitlines()[3:]:
        i = line.find("│")
        if i <= 0:
            continue
        fields = line[:i].split()
        if fields:
            out[fields[0].lstrip("├└─│ ")] = fields[1:]
    return out
