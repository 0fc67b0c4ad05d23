#!/usr/bin/env bash
# Run user programs on the guest microkernel (guest/kernel) and check what they report.
# usage: run_kernel_test.sh EMU KERNEL_ELF EXPECTED_FILE MACHINE PROGRAM...
# Boots KERNEL_ELF on MACHINE with the programs named on its command line. Passes when the
# emulator exits with status 0, the kernel halted because no task was left, and the lines
# that start with "PASS", "FAIL" or "kernel: task" (the programs' checks and the kernel's
# kill messages: the same on every machine; a kill message's ", pc 0x..." is left out, as
# it moves whenever the program is rebuilt differently) equal EXPECTED_FILE, which must
# contain no FAIL line. Time limit: $GUEST_TEST_TIMEOUT seconds (default 120).
set -uo pipefail
if [[ $# -lt 5 ]]; then
  echo "usage: run_kernel_test.sh EMU KERNEL_ELF EXPECTED_FILE MACHINE PROGRAM..." >&2
  exit 2
fi
emu=$1 elf=$2 expected=$3 machine=$4
shift 4
for f in "$emu" "$elf" "$expected"; do
  [[ -f $f ]] || { echo "run_kernel_test.sh: $f: no such file (was the project built?)" >&2; exit 2; }
done
if grep -q '^FAIL' "$expected"; then
  echo "run_kernel_test.sh: $expected expects a FAIL line" >&2
  exit 2
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
# KERNEL_TEST_EMU_ARGS: further emulator options (words), e.g. --lance-dma main.
read -r -a extra <<<"${KERNEL_TEST_EMU_ARGS:-}"
cmd=("$emu" --machine "$machine" "${extra[@]}" --kernel "$elf" --append "$*")
echo "running: ${cmd[*]}"
timeout --kill-after=5 "${GUEST_TEST_TIMEOUT:-120}" "${cmd[@]}" </dev/null | tr -d '\r' >"$out"
status=${PIPESTATUS[0]}
cat "$out"

ok=1
if [[ $status == 124 || $status == 137 ]]; then
  echo "FAIL: the emulator did not finish within ${GUEST_TEST_TIMEOUT:-120} s"
  ok=0
elif [[ $status != 0 ]]; then
  echo "FAIL: the emulator exited with status $status (expected 0)"
  ok=0
fi
if ! grep -q '^kernel: no tasks left, halting$' "$out"; then
  echo "FAIL: the kernel did not halt after its last task"
  ok=0
fi
if ! diff -u --label "expected ($expected)" --label "output" "$expected" \
    <(grep -E '^(PASS|FAIL|kernel: task)' "$out" | sed -E 's/, pc 0x[0-9a-f]{8}$//'); then
  echo "FAIL: the checks differ from $expected (diff above)"
  ok=0
fi
[[ $ok == 1 ]] && echo "PASS: $* on $machine"
[[ $ok == 1 ]]
