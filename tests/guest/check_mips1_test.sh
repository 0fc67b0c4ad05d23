#!/usr/bin/env bash
# ctest for tools/check-mips1 (the MIPS I guard every guest program goes through):
#   1. an object holding later-ISA instructions (check_mips1/not_mips1.S) must fail with
#      exactly one report line per instruction, in order, naming each (CHECK comments);
#   2. an object holding every MIPS I instruction class, R3010 FPA, R3000 CP0 and the cop2/
#      cop3 forms (check_mips1/mips1_all.S) must pass;
#   3. usage and input errors (no argument, missing file, non-ELF, non-MIPS ELF) exit 2
#      with a message.
# The objects are assembled here, at test time, so no guest program ever contains them.
# usage: check_mips1_test.sh CHECK_MIPS1 SOURCE_DIR
set -uo pipefail
checker=${1:?usage: check_mips1_test.sh CHECK_MIPS1 SOURCE_DIR}
src=${2:?usage: check_mips1_test.sh CHECK_MIPS1 SOURCE_DIR}
as=${MIPS_AS:-mipsel-linux-gnu-as}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# -mno-fix-loongson3-llsc: Debian's gas otherwise inserts a `sync` before every `ll`.
assemble() { "$as" -march=r3000 -EL -mno-fix-loongson3-llsc "$1" -o "$2"; }
assemble "$src/not_mips1.S" "$work/not_mips1.o" || { echo "cannot assemble not_mips1.S"; exit 1; }
assemble "$src/mips1_all.S" "$work/mips1_all.o" || { echo "cannot assemble mips1_all.S"; exit 1; }

# 1. Every non-MIPS-I instruction reported, nothing else.
"$checker" -q "$work/not_mips1.o" >"$work/report" 2>"$work/stderr"
rc=$?
[[ $rc == 1 ]] || fail "not_mips1.o: exit status $rc, expected 1"
mapfile -t expect < <(sed -n 's|.*/\* CHECK: \([^ ]*\) \*/.*|\1|p' "$src/not_mips1.S")
mapfile -t report <"$work/report"
[[ ${#expect[@]} -ge 20 ]] || fail "not_mips1.S has only ${#expect[@]} CHECK lines"
[[ ${#report[@]} == "${#expect[@]}" ]] ||
  fail "not_mips1.o: ${#report[@]} report lines for ${#expect[@]} non-MIPS-I instructions"
for i in "${!expect[@]}"; do
  want=${expect[$i]} line=${report[$i]:-}
  if [[ $want == 0x* ]]; then pattern="($want)"; else pattern=": $want "; fi
  [[ $line == *"$pattern"* && $line == *"not_mips1.o: .text"*" 0x"* && $line == *"is not MIPS I" ]] ||
    fail "report line $((i + 1)) should name '$want': '$line'"
done
grep -q ': addu ' "$work/report" && fail "the MIPS I addu at the end was reported"

# 2. The complete MIPS I object passes, silently with -q.
"$checker" -q "$work/mips1_all.o" >"$work/report_all" 2>&1
rc=$?
[[ $rc == 0 ]] || fail "mips1_all.o: exit status $rc, expected 0: $(head -5 "$work/report_all")"
[[ ! -s "$work/report_all" ]] || fail "mips1_all.o: unexpected output: $(head -5 "$work/report_all")"

# 3. Errors: exit 2 and a message naming the problem.
expect_error() {  # expect_error PATTERN ARGS...
  local pattern=$1
  shift
  "$checker" "$@" >"$work/out" 2>&1
  local rc=$?
  [[ $rc == 2 ]] || fail "check-mips1 $*: exit status $rc, expected 2"
  grep -q -- "$pattern" "$work/out" || fail "check-mips1 $*: no '$pattern' in: $(cat "$work/out")"
}
expect_error "usage:"
expect_error "no such file" "$work/missing.elf"
expect_error "not an ELF file" "$src/mips1_all.S"
expect_error "not a MIPS ELF" "$(command -v bash)"

if [[ $failures == 0 ]]; then
  echo "check-mips1: ${#expect[@]} non-MIPS-I instructions reported, the MIPS I object passes, errors handled"
  exit 0
fi
echo "$failures failure(s)"
exit 1
