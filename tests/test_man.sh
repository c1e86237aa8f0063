#!/usr/bin/env bash
# tests/test_man.sh -- the manual page docs/fundsim.1: it renders with man(1)
# and groff without a warning, documents every option that `fundsim CMD
# --help` lists (as an option item of that command's subsection, with the
# same metavariable), has a subsection and a SYNOPSIS line for every command
# that `fundsim --help` lists, and carries the version `fundsim --version`
# prints.  A new option without documentation fails here.
# Usage (from the repository root): bash tests/test_man.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_man.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.." || exit 1

PAGE=docs/fundsim.1
if ! command -v man >/dev/null 2>&1 || ! command -v groff >/dev/null 2>&1; then
    echo "SKIP: man not installed"
    exit 0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_man.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }

# A fixed, plain rendering: 80 columns, UTF-8, no pager, no colours or
# overstrikes left in the text.
unset MAN_KEEP_FORMATTING MANROFFOPT GROFF_SGR
export LC_ALL=C.UTF-8 MANWIDTH=80 MANPAGER=cat PAGER=cat

[ -f "$PAGE" ] || {
    echo "FAIL: $PAGE does not exist"
    echo "test_man: 0 checks passed, 1 failed"
    exit 1
}

# --- a. it renders, and groff has nothing to say about it -------------------
man -l "$PAGE" >"$TMP/raw" 2>"$TMP/man.err"
rc=$?
if [ "$rc" -ne 0 ]; then
    fail "man -l $PAGE: exit $rc"
else
    ok
fi
if [ -s "$TMP/man.err" ]; then
    fail "man -l $PAGE wrote to stderr:"
    sed 's/^/    /' "$TMP/man.err" | head -20
else
    ok
fi
# Strip any overstriking (bold x\bx, underline _\bx) and tabs; map the
# Unicode hyphen and minus to '-' so option names compare as typed.
if command -v col >/dev/null 2>&1; then
    col -bx <"$TMP/raw"
else
    sed -e 's/.\x08//g' "$TMP/raw"
fi | sed -e $'s/\xe2\x80\x90/-/g; s/\xe2\x88\x92/-/g' >"$TMP/page.txt"
if grep -q '^NAME' "$TMP/page.txt" && grep -q '^SYNOPSIS' "$TMP/page.txt"; then ok; else
    fail "rendered page has no NAME or SYNOPSIS section"
fi

# -k: preconv, as man(1) runs it, so the UTF-8 Chinese text is read as such.
for extra in "" "-rCHECKSTYLE=3"; do
    # shellcheck disable=SC2086
    groff -k -man -Tutf8 -ww -z $extra "$PAGE" >/dev/null 2>"$TMP/groff.err"
    rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$TMP/groff.err" ]; then
        fail "groff -k -man -Tutf8 -ww -z $extra: exit $rc, warnings:"
        sed 's/^/    /' "$TMP/groff.err" | head -20
    else
        ok
    fi
done

# Sections of the rendered page: .SH headings start in column 0, .SS
# headings in column 3, option items (.TP tags) in column 7.
# section_text NAME_REGEX -- the lines of the .SS subsection whose heading
# matches "^   NAME_REGEX( |$)", up to the next heading.
subsection() {
    awk -v re="^   $1( |\$)" '
        /^[^ ]/ || /^   [^ ]/ { on = ($0 ~ re) }
        on { print }' "$TMP/page.txt"
}
# The .SH section NAME (exact heading), up to the next .SH heading.
section() {
    awk -v h="$1" '
        /^[^ ]/ { on = ($0 == h) }
        on { print }' "$TMP/page.txt"
}
# has_option TEXTFILE OPT: OPT occurs in TEXTFILE as a whole option name.
has_option() {
    grep -qE -e "(^|[^A-Za-z0-9-])$2([^A-Za-z0-9-]|\$)" "$1"
}

# --- b. every command and every option of --help is documented -------------
if ! "$FUNDSIM" --help >"$TMP/help" 2>"$TMP/err"; then
    fail "fundsim --help failed: $(cat "$TMP/err")"
fi
# Commands: the lines of the "commands:" block, "  NAME ARGS  what".
commands=$(awk '/^commands:/ { on = 1; next } /^[^ ]/ { on = 0 } on' "$TMP/help" |
    sed -nE 's/^  ([a-z]+)( .*)?$/\1/p')
[ -n "$commands" ] || fail "no commands found in fundsim --help"
section SYNOPSIS >"$TMP/synopsis"
for cmd in $commands; do
    if subsection "$cmd" | grep -q .; then ok; else
        fail "command '$cmd' (fundsim --help) has no subsection in $PAGE"
    fi
    if grep -qE "^ +fundsim $cmd( |\$)" "$TMP/synopsis"; then ok; else
        fail "command '$cmd' (fundsim --help) has no SYNOPSIS line in $PAGE"
    fi
done
# The general options (-h, -V, ...) must be option items of the page.
grep -E '^       -' "$TMP/page.txt" >"$TMP/tags"
for opt in $(sed -nE 's/^[[:space:]]+(-[a-zA-Z])([,[:space:]]|$).*/\1/p' "$TMP/help") \
    $(grep -oE -e '--[a-z][a-z-]*' "$TMP/help" | sort -u); do
    if has_option "$TMP/tags" "$opt"; then ok; else
        fail "option $opt of fundsim --help is not an option item of $PAGE"
    fi
done

for cmd in check show run compare; do
    if ! "$FUNDSIM" "$cmd" --help >"$TMP/help" 2>"$TMP/err"; then
        fail "fundsim $cmd --help failed: $(cat "$TMP/err")"
        continue
    fi
    subsection "$cmd" >"$TMP/sub"
    # Option items of the subsection: lines "       -x, --long ARG  text".
    grep -E '^       -' "$TMP/sub" | sed -E 's/^ +//' >"$TMP/tags"
    # Option lines of the help: "  -x, --long ARG   text" or "      --long   text".
    sed -nE 's/^[[:space:]]+(--?[a-zA-Z][^[:space:]]*([[:space:]][^[:space:]]+)*)([[:space:]]{2,}.*)?$/\1/p' \
        "$TMP/help" | grep -E '^--?[a-zA-Z]' >"$TMP/optlines"
    [ -s "$TMP/optlines" ] || fail "$cmd --help lists no options"
    while IFS= read -r synopsis; do
        # Each option, short and long, is an option item of this command.
        for opt in $(printf '%s\n' "$synopsis" | grep -oE -e '(^|[ ,])--?[a-zA-Z][a-z-]*' |
            tr -d ' ,'); do
            if has_option "$TMP/tags" "$opt"; then ok; else
                fail "$cmd: option $opt ($synopsis) is not documented in the '$cmd' subsection of $PAGE"
            fi
        done
        # ...with the same names and metavariable, e.g. "-r, --reps N".
        if grep -qxF -e "$synopsis" "$TMP/tags" || grep -qF -e "$synopsis " "$TMP/tags"; then ok; else
            fail "$cmd: no option item '$synopsis' in $PAGE (as in $cmd --help)"
        fi
    done <"$TMP/optlines"
    # Every long option the help mentions anywhere (e.g. --bind-to in
    # an MPI build) appears somewhere in the page.
    while read -r opt; do
        if has_option "$TMP/page.txt" "$opt"; then ok; else
            fail "$cmd --help mentions $opt, which $PAGE does not"
        fi
    done < <(grep -oE -e '--[a-z][a-z-]*' "$TMP/help" | sort -u)
done

# --- c. the page's version is the program's --------------------------------
page_version=$(sed -nE 's/^\.TH +[^ ]+ +[^ ]+ +"[^"]*" +"fundsim ([^"]*)".*/\1/p' "$PAGE" | head -1)
prog_version=$("$FUNDSIM" --version | sed -nE '1s/^fundsim ([^ ]+) .*/\1/p')
if [ -z "$prog_version" ]; then
    fail "cannot read the version from fundsim --version"
elif [ "$page_version" != "$prog_version" ]; then
    fail ".TH of $PAGE says fundsim '${page_version}', fundsim --version says '$prog_version'"
else
    ok
fi

echo "test_man: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
