#!/usr/bin/env bash
# Run one cross-compiled guest program in the emulator and compare its console output
# with an expected file (produced on GXemul, see tests/guest/CMakeLists.txt).
# usage: run_guest_test.sh EMU ELF EXPECTED_FILE [EMU_ARGS...]
# Runs `EMU --machine ds3100 --kernel ELF EMU_ARGS...` (no --machine of ours when
# EMU_ARGS name one), with stdin from /dev/null and a time limit of $GUEST_TEST_TIMEOUT
# seconds (default 120). Passes when the emulator exits with status 0 and its stdout,
# with \r removed (the guest writes CR LF), equals EXPECTED_FILE; otherwise shows a diff.
set -uo pipefail
if [[ $# -lt 3 ]]; then
  echo "usage: run_guest_test.sh EMU ELF EXPECTED_FILE [EMU_ARGS...]" >&2
  exit 2
fi
emu=$1 elf=$2 expected=$3
shift 3
for f in "$emu" "$elf" "$expected"; do
  [[ -f $f ]] || { echo "run_guest_test.sh: $f: no such file (was the project built?)" >&2; exit 2; }
done

machine=(--machine ds3100)
for arg in "$@"; do
  [[ $arg == --machine || $arg == --machine=* ]] && machine=()
done

out=$(mktemp)
trap 'rm -f "$out"' EXIT
cmd=("$emu" "${machine[@]}" --kernel "$elf" "$@")
echo "running: ${cmd[*]}"
timeout --kill-after=5 "${GUEST_TEST_TIMEOUT:-120}" "${cmd[@]}" </dev/null | tr -d '\r' >"$out"
status=${PIPESTATUS[0]}

ok=1
if [[ $status == 124 || $status == 137 ]]; then
  echo "FAIL: the emulator did not finish within ${GUEST_TEST_TIMEOUT:-120} s"
  ok=0
elif [[ $status != 0 ]]; then
  echo "FAIL: the emulator exited with status $status (expected 0)"
  ok=0
fi
if ! diff -u --label "expected ($expected)" --label "output" "$expected" "$out"; then
  echo "FAIL: console output differs from $expected (diff above)"
  ok=0
fi
[[ $ok == 1 ]] && echo "PASS: $(basename "$elf") output matches $(basename "$expected")"
[[ $ok == 1 ]]
