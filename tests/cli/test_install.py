#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""schedviz installed like a real tool (issue 13).

  test_install.py MANPAGE

- the man page renders without a warning (`man --warnings -l`, 80 columns);
- every command and every option `schedviz [CMD] --help` lists is named in
  it, so the page cannot drift from the code;
- the bash completion loads, completes `schedviz r` to run, record, replay,
  report, a scenario name, and offers every option each --help lists; the
  zsh one parses (zsh -n) when zsh is here;
- `meson install --destdir` into a temporary folder puts the binary, the
  scenarios, the man page and both completions under the prefix, and the
  installed binary runs `list` and `run --no-tui race_counter` (BPF, root).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from svtest import SCHEDVIZ, fail, need_bpf

COMMANDS = ["list", "run", "record", "replay", "report", "export"]
SOURCE = os.environ["SCHEDVIZ_SOURCE"]
BUILD = os.environ["SCHEDVIZ_BUILD"]
BASH_COMPLETION = os.path.join(SOURCE, "completions", "schedviz.bash")


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def help_text(cmd):
    p = sh([SCHEDVIZ] + ([cmd] if cmd else []) + ["--help"])
    if p.returncode != 0:
        fail(f"schedviz {cmd} --help exited {p.returncode}")
    return p.stdout


def help_options(text):
    """The options a --help text lists: option-table lines and the usage lines."""
    opts = set()
    for line in text.splitlines():
        if line.startswith("usage:") or re.match(r"^\s+schedviz \w+ \[", line):
            opts.update(re.findall(r"\[(--?[a-zA-Z][\w-]*)", line))
            opts.update(re.findall(r" (--?[a-zA-Z][\w-]*)[= ]", line))
        m = re.match(r"^\s+(-\w), (--[\w-]+)|^\s+(--[\w-]+)", line)
        if m:
            opts.update(o for o in m.groups() if o)
    return opts


def man_text(path):
    """The page's source with groff escapes for '-' and fonts undone."""
    with open(path) as f:
        src = f.read()
    src = src.replace("\\-", "-")
    return re.sub(r"\\f[BIRP]", "", src)


def check_man(page):
    env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8")
    p = sh(["man", "--warnings", "-l", page], env=env)
    if p.returncode != 0 or p.stderr.strip():
        fail(f"man --warnings -l {page}: exit {p.returncode}, warnings:\n{p.stderr}")
    if "JSON SUMMARY" not in p.stdout or "EXIT STATUS" not in p.stdout:
        fail("the rendered page lacks its JSON SUMMARY or EXIT STATUS section")
    text = man_text(page)
    for cmd in COMMANDS:
        if not re.search(rf"^\.B {cmd}\b", text, re.M):
            fail(f"the man page has no entry for the command '{cmd}'")
    seen = 0
    for cmd in [None] + COMMANDS:
        for opt in sorted(help_options(help_text(cmd))):
            if not re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", text):
                fail(f"'schedviz {cmd or ''} --help' lists {opt}; the man page does not")
            seen += 1
    for key in ("schedviz.summary/1", "schedviz.data", ".old", "125", "126", "127"):
        if key not in text:
            fail(f"the man page does not mention {key}")
    # every key of the JSON summary (user/model/summary_json.c)
    with open(os.path.join(SOURCE, "user", "model", "summary_json.c")) as f:
        keys = set(re.findall(r'\\"(\w+)\\":', f.read()))
    missing = sorted(k for k in keys if not re.search(rf"\b{k}\b", text))
    if missing:
        fail(f"JSON summary keys missing from the man page: {missing}")
    print(f"ok man page: no warnings, 6 commands, {seen} options, {len(keys)} JSON keys")


def complete(words, path_dir=None, cwd=None):
    """What the bash completion offers for the command line WORDS (last one current)."""
    script = (f"source {BASH_COMPLETION} || exit 3\n"
              "complete -p schedviz >/dev/null || exit 4\n"
              "COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMPREPLY=()\n"
              "_schedviz; printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    env = dict(os.environ)
    if path_dir:
        env["PATH"] = path_dir + ":" + env["PATH"]
    p = sh(["bash", "--norc", "-c", script, "bash"] + words, env=env, cwd=cwd)
    if p.returncode != 0 or p.stderr:
        fail(f"bash completion for {words}: exit {p.returncode}: {p.stderr}")
    return set(w for w in p.stdout.split("\n") if w)


def check_completion():
    got = complete(["schedviz", "r"])
    if got != {"run", "record", "replay", "report"}:
        fail(f"'schedviz r' completes to {sorted(got)}")
    got = complete(["schedviz", "run", "race"], path_dir=os.path.dirname(SCHEDVIZ))
    if got != {"race_counter"}:
        fail(f"'schedviz run race' completes to {sorted(got)}")
    for cmd in COMMANDS:
        offered = complete(["schedviz", cmd, "-"])
        for opt in help_options(help_text(cmd)):
            if opt not in offered and opt + "=" not in offered:
                fail(f"bash completion of 'schedviz {cmd} -' lacks {opt}: {sorted(offered)}")
    with tempfile.TemporaryDirectory() as d:
        for name in ("a.data", "b.data", "notes.txt"):
            open(os.path.join(d, name), "w").close()
        got = complete(["schedviz", "report", ""], cwd=d)
        if got != {"a.data", "b.data"}:
            fail(f"'schedviz report ' in a folder of traces completes to {sorted(got)}")
    print("ok bash completion: commands, a scenario, every option, *.data files")
    zsh = shutil.which("zsh")
    if zsh:
        p = sh([zsh, "-n", os.path.join(SOURCE, "completions", "_schedviz")])
        if p.returncode != 0:
            fail(f"zsh -n _schedviz: {p.stderr}")
        print("ok zsh completion parses")
    else:
        print("zsh not installed: its completion not checked")


def check_install():
    with tempfile.TemporaryDirectory(prefix="svtest-install-") as dest:
        p = sh(["meson", "install", "-C", BUILD, "--no-rebuild", "--quiet", "--destdir", dest])
        if p.returncode != 0:
            fail(f"meson install --destdir: {p.stderr or p.stdout}")
        found = {}
        for root, _, files in os.walk(dest):
            for name in files:
                found.setdefault(name, []).append(os.path.join(root, name))
        for name, tail in (("schedviz", "/bin/schedviz"), ("schedviz.1", "/man1/schedviz.1"),
                           ("schedviz", "/bash-completion/completions/schedviz"),
                           ("_schedviz", "/zsh/site-functions/_schedviz"),
                           ("race_counter", "/schedviz/race_counter"),
                           ("py-convoy", "/schedviz/py-convoy"),
                           ("svdemo.py", "/schedviz/svdemo.py")):
            if not any(path.endswith(tail) for path in found.get(name, [])):
                fail(f"meson install put no {tail} under {dest}: {sorted(found)}")
        exe = next(path for path in found["schedviz"] if path.endswith("/bin/schedviz"))
        p = sh([exe, "list"])
        if p.returncode != 0 or "race_counter" not in p.stdout:
            fail(f"installed schedviz list: exit {p.returncode}: {p.stdout} {p.stderr}")
        need_bpf()
        p = sh([exe, "run", "--no-tui", "race_counter"], stdin=subprocess.DEVNULL)
        if p.returncode != 0 or "worker-4" not in p.stdout:
            fail(f"installed schedviz run --no-tui race_counter: exit {p.returncode}: "
                 f"{p.stderr}")
        # a Python demonstration from the installed copy: its script and svdemo.py
        p = sh([exe, "run", "--no-tui", "py-gil-race", "--iterations=1000"],
               stdin=subprocess.DEVNULL)
        if p.returncode != 0 or "inc-4" not in p.stdout:
            fail(f"installed schedviz run --no-tui py-gil-race: exit {p.returncode}: "
                 f"{p.stderr}")
        print(f"ok installed under {dest}: list, run --no-tui race_counter and py-gil-race")


def main():
    check_man(sys.argv[1])
    check_completion()
    check_install()
    return 0


if __name__ == "__main__":
    sys.exit(main())
