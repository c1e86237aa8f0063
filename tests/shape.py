#!/usr/bin/python3
"""tests/shape.py -- keeps the shape of the code honest (the architecture issue):

  files       no C file (.c/.h) under sim/ output/ cli/ include/ tests/ bench/
              over MAX_FILE_LINES lines, except the generated files of
              GENERATED_FILES (each must say "GENERATED" in its first lines);
  functions   no function over MAX_FUNC_LINES lines (from the line with its
              name to its closing brace), except those named in LONG_FUNCTIONS;
  cycles      the command line's files (cli/ if it exists, else sim/cli/) form
              no include circle: x.c and x.h are one node "x", with an edge
              x -> y when x.c or x.h includes "y.h" from the same directory;
  boundaries  nothing under output/ or the command line includes a *_int.h
              header, and nothing under output/ includes a command-line header;
  selftest    the C function finder gets a set of tricky snippets right.

Usage (from anywhere; standard library only):
    /usr/bin/python3 tests/shape.py                 # every check; exit 1 on a violation
    /usr/bin/python3 tests/shape.py --only files    # one check (files, functions,
                                                    #   cycles, boundaries, selftest)
    /usr/bin/python3 tests/shape.py --report        # also: 15 longest functions, 10 longest files
    /usr/bin/python3 tests/shape.py --functions F.c # every function found in F.c (name, lines)
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE_DIRS = ("sim", "output", "cli", "include", "tests", "bench")
MAX_FILE_LINES = 900
MAX_FUNC_LINES = 120

# Files with a limit of their own.  include/fundsim.h is the one public header
# and the API's reference (its comments are the documentation, and it holds
# the X-macro tables of every metric and group quantity): it reached 900 lines
# with issue 12, and issue 13 adds the cancellation, per-replication totals and
# estimate of fs_run (27 lines).  Splitting it is the lead's call.
FILE_LIMITS = {
    "include/fundsim.h": 1000,
}

# Generated data files, exempt from MAX_FILE_LINES (path -> generator).  Only
# files a script writes belong here; each must carry a GENERATED header.
GENERATED_FILES = {
    "sim/data_china.c": "scripts/gen_data.py",
}

# Functions allowed over MAX_FUNC_LINES, by name (wherever they live).
LONG_FUNCTIONS = {
    "sim_cell": "the per-person hot loop (sim/engine.c; may move to sim/persons.c)",
}

# The command line: the top-level cli/ once it exists, sim/cli/ before that.
CLI_DIRS = ("cli", "sim/cli")


# ---------------------------------------------------------------------------
# Files

def source_files(root):
    """Repository-relative paths of the .c/.h files under SOURCE_DIRS: those git
    tracks plus new ones it does not ignore; every file on disk without git."""
    paths = None
    try:
        r = subprocess.run(["git", "-C", root, "ls-files", "-co", "--exclude-standard", "-z",
                            "--"] + list(SOURCE_DIRS),
                           capture_output=True, check=True)
        paths = [p for p in r.stdout.decode("utf-8", "surrogateescape").split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        paths = []
        for d in SOURCE_DIRS:
            for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
                dirnames[:] = [x for x in dirnames if not x.startswith(".")]
                for f in filenames:
                    paths.append(os.path.relpath(os.path.join(dirpath, f), root))
    out = set()
    for p in paths:
        p = p.replace(os.sep, "/")
        if p.endswith((".c", ".h")) and os.path.isfile(os.path.join(root, p)):
            out.add(p)
    return sorted(out)


def read(root, rel):
    with open(os.path.join(root, rel), "rb") as f:
        return f.read().decode("utf-8", "replace")


def count_lines(text):
    """Lines as wc -l counts them, plus an unterminated last line."""
    return text.count("\n") + (1 if text and not text.endswith("\n") else 0)


def is_generated(text):
    head = "\n".join(text.split("\n")[:5])
    return "GENERATED" in head


# ---------------------------------------------------------------------------
# The C function finder

def strip_c(text, keep_literals=False):
    """Returns text with comments (and, unless keep_literals, the insides of
    string and char literals) replaced by spaces; newlines and columns are kept,
    so line numbers stay right."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        nx = text[i + 1] if i + 1 < n else ""
        if c == "/" and nx == "/":                       # line comment (\-newline continues it)
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out.append(" \n")
                    i += 2
                    continue
                out.append(" ")
                i += 1
        elif c == "/" and nx == "*":                     # block comment
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":                                 # string or char literal
            q = c
            out.append(q)
            i += 1
            while i < n and text[i] != q and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n:
                    pair = text[i:i + 2]
                    out.append(pair if keep_literals else re.sub(r"[^\n]", " ", pair))
                    i += 2
                    continue
                out.append(text[i] if keep_literals else " ")
                i += 1
            if i < n and text[i] == q:
                out.append(q)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


_COND_OPEN = re.compile(r"^\s*#\s*(if|ifdef|ifndef)\b")
_COND_ELSE = re.compile(r"^\s*#\s*(else|elif|elifdef|elifndef)\b")
_COND_END = re.compile(r"^\s*#\s*endif\b")


def blank_preprocessor(stripped, drop_else=False):
    """Blanks preprocessor lines (with their \\-continuations).  With drop_else,
    also blanks the #else/#elif branches of every conditional (the first branch
    is kept), for code whose branches open braces differently."""
    lines = stripped.split("\n")
    cont = False
    stack = []                    # per open conditional: True while in an else branch
    for k, line in enumerate(lines):
        directive = cont or line.lstrip().startswith("#")
        if directive:
            if not cont:
                if _COND_OPEN.match(line):
                    stack.append(False)
                elif _COND_ELSE.match(line) and stack:
                    stack[-1] = True
                elif _COND_END.match(line) and stack:
                    stack.pop()
            cont = line.rstrip().endswith("\\")
            lines[k] = " " * len(line)
        elif drop_else and any(stack):
            lines[k] = " " * len(line)
    return "\n".join(lines)


_SKIP_CALLS = ("__attribute__", "__attribute", "__declspec", "_Alignas", "alignas",
               "__asm__", "__asm", "asm", "_Pragma")
_NOT_NAMES = {"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned",
              "_Bool", "bool", "const", "volatile", "restrict", "static", "extern", "inline",
              "struct", "union", "enum", "sizeof", "_Alignof", "typeof", "__typeof__",
              "if", "for", "while", "switch", "return"} | set(_SKIP_CALLS)
_IDENT_BEFORE = re.compile(r"([A-Za-z_]\w*)\s*$")
_IDENT_PAREN = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
# After the parameter list: nothing, or attribute macros (FS_HOT, __wur).
_TAIL_OK = re.compile(r"\)\s*(?:(?:[A-Z_][A-Z0-9_]*|__\w+)\s*)*$")


def _drop_calls(h):
    """Blanks __attribute__((...)) and friends (same length, so offsets hold)."""
    for kw in _SKIP_CALLS:
        start = 0
        while True:
            m = re.compile(r"\b" + kw + r"\s*\(").search(h, start)
            if not m:
                break
            depth, j = 0, m.end() - 1
            while j < len(h):
                if h[j] == "(":
                    depth += 1
                elif h[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            h = h[:m.start()] + re.sub(r"[^\n]", " ", h[m.start():j + 1]) + h[j + 1:]
            start = m.start() + 1
    return h


def function_name(header):
    """(name, offset of the name in header) when header -- the text between the
    previous top-level ';' or '}' and a top-level '{' -- is a function's,
    else None.  A function header ends with ')' (then maybe attributes) and
    has no top-level '=' (that is an initialiser: `x k[] = {`, `(T){...}`)."""
    h = _drop_calls(header)
    if not _TAIL_OK.search(h):
        return None
    depth, groups = 0, []
    for j, ch in enumerate(h):
        if ch == "(":
            if depth == 0:
                groups.append(j)
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch in "=;" and depth == 0:
            return None
    if depth != 0 or not groups:
        return None
    # The identifier before the last top-level (...) that follows one: the
    # parameter list (a stray macro call before it does not confuse this).
    for g in reversed(groups):
        m = _IDENT_BEFORE.search(h[:g])
        if m and m.group(1) not in _NOT_NAMES:
            return m.group(1), m.start(1)
        if re.match(r"\(\s*\*", h[g:]):
            # void (*f(int a))(int): f returns a function pointer.
            m = _IDENT_PAREN.search(h, g)
            if m and m.group(1) not in _NOT_NAMES:
                return m.group(1), m.start(1)
    return None


_EXTERN_C = re.compile(r"^\s*extern\s*\"\s*\"\s*$")


def _scan(code):
    """Functions in code (stripped, preprocessor blanked) as
    (name, name_line, end_line), or raises ValueError on unbalanced braces."""
    funcs = []
    stack = []                    # 'T' for a transparent extern "C" {, else 'B'
    depth = 0
    line = 1
    header_start = 0
    current = None                # (name, name_line) of the function being read
    for i, ch in enumerate(code):
        if ch == "\n":
            line += 1
        elif ch == "{":
            if depth == 0:
                header = code[header_start:i]
                if _EXTERN_C.match(header):
                    stack.append("T")
                    header_start = i + 1
                    continue
                f = function_name(header)
                if f:
                    name, off = f
                    current = (name, line - header[off:].count("\n"))
            stack.append("B")
            depth += 1
        elif ch == "}":
            if not stack:
                raise ValueError("unmatched '}' on line %d" % line)
            if stack.pop() == "T":
                header_start = i + 1
                continue
            depth -= 1
            if depth == 0:
                if current:
                    funcs.append((current[0], current[1], line))
                    current = None
                header_start = i + 1
        elif ch == ";" and depth == 0:
            header_start = i + 1
    if stack:
        raise ValueError("%d '{' never closed (the last function read: %s)"
                         % (len(stack), current[0] if current else "none"))
    return funcs


def find_functions(text):
    """Top-level function definitions in C source text: a list of
    (name, first_line, last_line, length), first_line being the line of the
    name and last_line that of the closing brace.  Raises ValueError when the
    braces do not balance even with the #else branches left out."""
    stripped = strip_c(text)
    try:
        funcs = _scan(blank_preprocessor(stripped))
    except ValueError:
        funcs = _scan(blank_preprocessor(stripped, drop_else=True))
    return [(n, a, b, b - a + 1) for n, a, b in funcs]


# ---------------------------------------------------------------------------
# Includes

_INCLUDE = re.compile(r"^[ \t]*#[ \t]*include[ \t]*([<\"])([^>\"\n]+)[>\"]", re.M)


def includes(text):
    """[(kind, name)] of the #include lines ('"' or '<'), comments ignored."""
    return [(m.group(1), m.group(2).strip()) for m in _INCLUDE.finditer(strip_c(text, True))]


def cli_dir(root):
    for d in CLI_DIRS:
        if os.path.isdir(os.path.join(root, d)):
            return d
    return None


def include_graph(root, d, files):
    """{node: set(nodes)} for the .c/.h files in directory d (not below it)."""
    mine = [p for p in files if os.path.dirname(p) == d]
    nodes = {os.path.splitext(os.path.basename(p))[0] for p in mine}
    headers = {os.path.basename(p) for p in mine if p.endswith(".h")}
    graph = {x: set() for x in nodes}
    for p in mine:
        x = os.path.splitext(os.path.basename(p))[0]
        for kind, inc in includes(read(root, p)):
            inc = os.path.normpath(inc).replace(os.sep, "/")
            if kind == '"' and "/" not in inc and inc in headers:
                y = inc[:-2]
                if y != x:
                    graph[x].add(y)
    return graph


def cycles(graph):
    """One include circle per strongly connected component with a circle in it
    (Tarjan), each as a list of nodes [a, b, ..., a]."""
    index, low, on, st, sccs = {}, {}, set(), [], []
    counter = [0]

    def connect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        st.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = st.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            sccs.append(comp)

    sys.setrecursionlimit(max(1000, 10 * len(graph)))
    for v in sorted(graph):
        if v not in index:
            connect(v)
    out = []
    for comp in sccs:
        members = set(comp)
        start = min(comp)
        if len(comp) == 1 and start not in graph[start]:
            continue
        # Shortest way back to start inside the component (BFS).
        prev, queue, found = {start: None}, [start], None
        while queue and found is None:
            v = queue.pop(0)
            for w in sorted(graph[v]):
                if w == start:
                    found = v
                    break
                if w in members and w not in prev:
                    prev[w] = v
                    queue.append(w)
        path = [start]
        v = found
        while v is not None and v != start:
            path.append(v)
            v = prev[v]
        path.append(start)
        out.append([path[0]] + list(reversed(path[1:-1])) + [start])
    return out


# ---------------------------------------------------------------------------
# The checks: each returns a list of violation messages.

def check_files(root, files, texts, notes):
    bad = []
    for p in files:
        n = count_lines(texts[p])
        if p in GENERATED_FILES:
            if not is_generated(texts[p]):
                bad.append("%s: allow-listed as generated by %s but has no GENERATED header"
                           % (p, GENERATED_FILES[p]))
            continue
        limit = FILE_LIMITS.get(p, MAX_FILE_LINES)
        if n > limit:
            bad.append("%s: %d lines (limit %d)" % (p, n, limit))
    for p in GENERATED_FILES:
        if p not in texts:
            notes.append("note: generated file %s is allow-listed but absent" % p)
    return bad


def check_functions(root, files, funcs, notes):
    bad = []
    seen = set()
    for p in files:
        if isinstance(funcs[p], str):
            bad.append("%s: cannot find its functions: %s" % (p, funcs[p]))
            continue
        for name, a, b, length in funcs[p]:
            seen.add(name)
            if length > MAX_FUNC_LINES and name not in LONG_FUNCTIONS:
                bad.append("%s:%d %s: %d lines (limit %d)" % (p, a, name, length, MAX_FUNC_LINES))
    for name in LONG_FUNCTIONS:
        if name not in seen:
            notes.append("note: allow-listed long function %s not found" % name)
    return bad


def check_cycles(root, files, notes):
    d = cli_dir(root)
    if d is None:
        return ["no command-line directory (%s)" % " or ".join(CLI_DIRS)]
    graph = include_graph(root, d, files)
    edges = ", ".join("%s->%s" % (x, y) for x in sorted(graph) for y in sorted(graph[x]))
    notes.append("note: %s include graph: %d nodes; edges: %s" % (d, len(graph), edges or "none"))
    return ["include circle in %s/: %s" % (d, " -> ".join(c)) for c in cycles(graph)]


def check_boundaries(root, files, texts):
    bad = []
    clis = [d for d in CLI_DIRS if os.path.isdir(os.path.join(root, d))]
    cli_headers = {os.path.basename(p) for p in files
                   if p.endswith(".h") and os.path.dirname(p) in clis}
    for p in files:
        in_output = p.startswith("output/")
        in_cli = any(p.startswith(d + "/") for d in clis)
        if not (in_output or in_cli):
            continue
        for kind, inc in includes(texts[p]):
            base = os.path.basename(inc)
            if base.endswith("_int.h"):
                bad.append("%s includes %s (an internal header)" % (p, inc))
            if not in_output:
                continue
            local = os.path.normpath(os.path.join(os.path.dirname(p), inc)).replace(os.sep, "/")
            if kind == '"' and os.path.isfile(os.path.join(root, local)):
                is_cli = os.path.dirname(local) in clis      # "x.h" found next to p first
            else:
                is_cli = base in cli_headers or "cli" in inc.split("/")[:-1]
            if is_cli:
                bad.append("%s includes %s (a command-line header)" % (p, inc))
    return bad


_SELFTEST = r'''
#include <stdio.h>
#define BRACES(x) do { if (x) { } } while (0)
#define LONGMACRO(a) \
    { {  \
    }
#ifdef __cplusplus
extern "C" {
#endif
typedef struct node {
    int a;
} node;
static const char *const k_root[] = { "}{", "{", NULL };
static const node k_one = (node){ 1 };
enum { A = 1, B };
/* int fake(void) { */
// int fake2(void) {
static inline int
alpha(int x)
{
    const char *s = "\"}\\"; char c = '}'; char q = '\''; char b = '\\';
    if (x) { return '{'; }
    return s[0] + c + q + b;
}

int beta(void) __attribute__((noinline));
int beta(void) __attribute__((noinline))
{
    return 0; /* } */
}

STRAY_MACRO(1)
void (*gamma_(int sig, void (*f)(int)))(int)
{
#ifdef X
    if (sig) {
#else
    if (!sig) {
#endif
        return f;
    }
    return 0;
}
int delta(int n) { return n; }
#ifdef __cplusplus
}
#endif
'''
_SELFTEST_WANT = [("alpha", 18, 23, 6), ("beta", 26, 29, 4), ("gamma_", 32, 42, 11),
                  ("delta", 43, 43, 1)]


def check_selftest():
    try:
        got = find_functions(_SELFTEST.lstrip("\n"))
    except ValueError as e:
        return ["function finder self-test: %s" % e]
    if got != _SELFTEST_WANT:
        return ["function finder self-test: got %s, want %s" % (got, _SELFTEST_WANT)]
    return []


CHECKS = ("selftest", "files", "functions", "cycles", "boundaries")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=ROOT, help="repository root (default: this file's ../)")
    ap.add_argument("--only", choices=CHECKS, action="append",
                    help="run only this check (repeatable)")
    ap.add_argument("--report", action="store_true",
                    help="also print the 15 longest functions and the 10 longest files")
    ap.add_argument("--functions", nargs="+", metavar="FILE",
                    help="print every function found in FILE(s) and exit")
    a = ap.parse_args(argv)

    if a.functions:
        for f in a.functions:
            with open(f, "rb") as fh:
                for name, first, last, length in find_functions(fh.read().decode("utf-8", "replace")):
                    print("%s\t%s\t%d\t%d\t%d" % (name, f, first, last, length))
        return 0

    root = a.root
    only = a.only or CHECKS
    files = source_files(root)
    texts = {p: read(root, p) for p in files}
    funcs = {}
    for p in files:
        try:
            funcs[p] = find_functions(texts[p])
        except ValueError as e:
            funcs[p] = str(e)

    notes, failed = [], 0
    for check in CHECKS:
        if check not in only:
            continue
        if check == "selftest":
            bad = check_selftest()
        elif check == "files":
            bad = check_files(root, files, texts, notes)
        elif check == "functions":
            bad = check_functions(root, files, funcs, notes)
        elif check == "cycles":
            bad = check_cycles(root, files, notes)
        else:
            bad = check_boundaries(root, files, texts)
        for msg in bad:
            print("FAIL [%s] %s" % (check, msg))
        print("shape %s: %s" % (check, "ok" if not bad else "%d violation(s)" % len(bad)))
        failed += bool(bad)
    for n in notes:
        print(n)

    if a.report:
        allf = [(length, p, first, name) for p in files if not isinstance(funcs[p], str)
                for name, first, last, length in funcs[p]]
        print("\n15 longest functions (limit %d):" % MAX_FUNC_LINES)
        for length, p, first, name in sorted(allf, key=lambda t: (-t[0], t[1], t[2]))[:15]:
            print("  %5d  %s:%d %s%s" % (length, p, first, name,
                                         "  (allow-listed)" if name in LONG_FUNCTIONS else ""))
        print("\n10 longest files (limit %d):" % MAX_FILE_LINES)
        sizes = sorted(((count_lines(texts[p]), p) for p in files), key=lambda t: (-t[0], t[1]))
        for n, p in sizes[:10]:
            print("  %5d  %s%s" % (n, p, "  (generated)" if p in GENERATED_FILES else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
