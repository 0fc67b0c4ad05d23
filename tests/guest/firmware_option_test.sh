#!/usr/bin/env bash
# `emu --firmware FILE` (README "Boot protocol"): another ROM image runs instead of ours,
# and every bad image is refused with exit status 2 and one line naming it.
# usage: firmware_option_test.sh EMU
set -uo pipefail
emu=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
expect() {  # expect STATUS PATTERN -- EMU_ARGS...
  local want=$1 pattern=$2
  shift 3
  local err status
  # The timeout catches a hang (a FIFO read that waits for a writer): status 124.
  err=$(timeout 30 "$emu" "$@" </dev/null 2>&1 >/dev/null)
  status=$?
  if [[ $status != "$want" ]] || ! grep -q -- "$pattern" <<<"$err"; then
    echo "FAIL: emu $* -> status $status (want $want), stderr: $err (want /$pattern/)"
    fail=1
  else
    if [[ $(wc -l <<<"$err") != 1 && $want == 2 ]] || grep -q "internal error" <<<"$err"; then
      echo "FAIL: emu $* -> not one clear line: $err"
      fail=1
    fi
    echo "ok: emu $* -> $status: $err"
  fi
}
# A foreign ROM of three words: addiu a0, zero, 3; ori zero, a0, 0xde00 (kEmuHalt with
# status a0); b . — so exit status 3 shows that it, not our ROM, ran.
printf '\x03\x00\x04\x24\x00\xde\x80\x34\xff\xff\x00\x10\x00\x00\x00\x00' >"$dir/tiny.rom"
: >"$dir/empty.rom"
head -c $((256 * 1024 + 1)) /dev/zero >"$dir/big.rom"
head -c $((256 * 1024)) /dev/zero >"$dir/full.rom"
mkfifo "$dir/fifo.rom"

expect 3 '' -- --machine ds3100 --firmware "$dir/tiny.rom"
expect 3 '' -- --machine ds5000-200 --firmware "$dir/tiny.rom"
expect 2 'cannot open the boot ROM image' -- --firmware "$dir/missing.rom"
expect 2 'is empty' -- --firmware "$dir/empty.rom"
expect 2 'more than the limit of 262144 bytes' -- --firmware "$dir/big.rom"
# Only regular files, their size checked before reading: a device never ends, a FIFO
# blocks for ever, a directory cannot be read.
expect 2 'is not a regular file' -- --firmware /dev/zero
expect 2 'is not a regular file' -- --firmware "$dir/fifo.rom"
expect 2 'is a directory, not a file' -- --firmware "$dir"
expect 2 'is not a regular file' -- --kernel /dev/zero
expect 2 'is not a regular file' -- --kernel "$dir/fifo.rom"
expect 2 'is a directory, not a file' -- --kernel "$dir"
expect 2 'needs our boot ROM' -- --firmware "$dir/full.rom" --kernel "$dir/tiny.rom"
[[ $fail == 0 ]] && echo "PASS: --firmware runs a foreign image and refuses bad ones"
[[ $fail == 0 ]]
