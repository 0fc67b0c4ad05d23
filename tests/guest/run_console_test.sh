#!/usr/bin/env bash
# Run the emulator with console input from a file and compare its console output.
# usage: run_console_test.sh EMU INPUT EXPECTED STATUS [EMU_ARGS...]
# Runs `EMU EMU_ARGS... < INPUT` (what a user would type at the PROM prompt; a regular file
# is read one character at a time as the guest asks, so the run is deterministic), bounded
# by $GUEST_TEST_TIMEOUT seconds (default 120). Passes when the exit status is STATUS and
# stdout, with \r removed, equals EXPECTED.
set -uo pipefail
if [[ $# -lt 4 ]]; then
  echo "usage: run_console_test.sh EMU INPUT EXPECTED STATUS [EMU_ARGS...]" >&2
  exit 2
fi
emu=$1 input=$2 expected=$3 want=$4
shift 4
for f in "$emu" "$input" "$expected"; do
  [[ -f $f ]] || { echo "run_console_test.sh: $f: no such file (was the project built?)" >&2; exit 2; }
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "running: $emu $* < $input"
timeout --kill-after=5 "${GUEST_TEST_TIMEOUT:-120}" "$emu" "$@" <"$input" | tr -d '\r' >"$out"
status=${PIPESTATUS[0]}
ok=1
if [[ $status == 124 || $status == 137 ]]; then
  echo "FAIL: the emulator did not finish within ${GUEST_TEST_TIMEOUT:-120} s"
  ok=0
elif [[ $status != "$want" ]]; then
  echo "FAIL: the emulator exited with status $status (expected $want)"
  ok=0
fi
if ! diff -u --label "expected ($expected)" --label "output" "$expected" "$out"; then
  echo "FAIL: console output differs from $expected (diff above)"
  ok=0
fi
[[ $ok == 1 ]] && echo "PASS: output matches $(basename "$expected")"
[[ $ok == 1 ]]
