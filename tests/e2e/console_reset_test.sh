#!/bin/sh
# `newskiosk console-reset` (the unit's ExecStopPost=): what can be checked
# without a virtual console of our own. Its --help, its usage errors (exit
# 2), and a clear error naming the device, exit 1, on anything that is not a
# virtual console: /dev/null, a file, a missing path, a pty as standard
# input (script(1)), no terminal at all. Nothing here opens a real console
# (/dev/tty0, /dev/ttyN): on a test machine or a container those are the
# host's own; switching one to text mode needs a board (board/SCREEN.md).
. "$(dirname "$0")/lib.sh"

run() {  # run OUT CMD...: stdout and stderr of CMD in OUT, its status in $rc
    out=$1
    shift
    "$@" >"$TMP/$out" 2>&1
    rc=$?
}

run help "$NK" console-reset --help
check "console-reset --help exits 0" test "$rc" = 0
check "console-reset --help names --tty, --force and ExecStopPost" sh -c "
    grep -q -- '--tty DEV' '$TMP/help' && grep -q -- '--force' '$TMP/help' &&
    grep -q 'ExecStopPost' '$TMP/help'"
check "newskiosk --help lists console-reset" sh -c "'$NK' --help | grep -q 'console-reset \[--tty DEV\]'"

run null "$NK" console-reset --tty /dev/null
check "/dev/null: exit 1" test "$rc" = 1
check "/dev/null: the error names it and says why" \
    grep -q "console-reset: /dev/null: not a virtual console" "$TMP/null"

: >"$TMP/plain"
run file "$NK" console-reset --tty "$TMP/plain" --force
check "a plain file (even with --force): exit 1, named" sh -c "
    [ $rc = 1 ] && grep -q '$TMP/plain: not a virtual console' '$TMP/file'"

run missing "$NK" console-reset --tty "$TMP/no-such-tty"
check "a missing device: exit 1, named, with the reason" sh -c "
    [ $rc = 1 ] && grep -q 'cannot open $TMP/no-such-tty: No such file' '$TMP/missing'"

run stdin "$NK" console-reset </dev/null
check "no --tty, standard input not a terminal: exit 1, says to name one" sh -c "
    [ $rc = 1 ] && grep -q 'standard input (not a terminal): not a virtual console' '$TMP/stdin' &&
    grep -q -- '--tty /dev/ttyN' '$TMP/stdin'"

if command -v script >/dev/null 2>&1; then
    # script(1) gives the command a pseudo-terminal as standard input: a
    # terminal, but not a virtual console
    script -qec "'$NK' console-reset" /dev/null >"$TMP/pty" 2>&1
    rc=$?
    check "a pty as standard input: exit 1, named as a pty, not a virtual console" sh -c "
        [ $rc = 1 ] && grep -q 'standard input (/dev/pts/[0-9]*): not a virtual console' '$TMP/pty'"
else
    ok "skipped: script(1) is not here to give a pty"
fi

run extra "$NK" console-reset /dev/tty1
check "an argument instead of --tty: exit 2 (usage)" sh -c "
    [ $rc = 2 ] && grep -q 'takes no arguments' '$TMP/extra'"
run bogus "$NK" console-reset --bogus
check "an unknown option: exit 2" test "$rc" = 2
run empty "$NK" console-reset --tty ""
check "--tty with an empty name: exit 2" test "$rc" = 2

finish
