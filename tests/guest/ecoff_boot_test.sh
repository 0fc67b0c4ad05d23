#!/usr/bin/env bash
# `--kernel` with ECOFF images (README "Boot protocol"): a guest ELF converted by binutils
# (`objcopy -O ecoff-littlemips --impure`, OMAGIC) boots on ds3100 and ds5000-200 and prints
# exactly what the ELF prints. objcopy writes only OMAGIC and ZMAGIC (its default, for a
# demand-paged input): its ZMAGIC of a kernel linked on a page boundary has a text_start
# that contradicts the format (the headers it counts in tsize are not in memory there) and
# is refused with advice; NMAGIC and valid ZMAGIC images are covered by the loader's unit
# tests with synthetic images. Bad ECOFF images are refused with exit status 2 and one line.
# usage: ecoff_boot_test.sh EMU GUEST_ELF EXPECTED_KN01 EXPECTED_KN02
set -uo pipefail
if [[ $# -ne 4 ]]; then
  echo "usage: ecoff_boot_test.sh EMU GUEST_ELF EXPECTED_KN01 EXPECTED_KN02" >&2
  exit 2
fi
emu=$1 elf=$2 kn01=$3 kn02=$4
here=$(cd "$(dirname "$0")" && pwd)
objcopy=mipsel-linux-gnu-objcopy
command -v $objcopy >/dev/null || { echo "SKIPPED: $objcopy not installed"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0

# header_field FILE OFFSET: the little-endian 16-bit word at OFFSET, in octal.
header_field() { od -An -j "$2" -N2 -tu2 --endian=little "$1" | awk '{ printf "0%o", $1 }'; }

boots() {  # boots NAME A_OUT_MAGIC OBJCOPY_ARGS...: convert, check the magics, run on both boards
  local name=$1 want_amagic=$2
  shift 2
  local ecoff=$dir/$name.ecoff
  $objcopy -O ecoff-littlemips "$@" "$elf" "$ecoff" || { echo "FAIL: objcopy $* failed"; fail=1; return; }
  local fmagic amagic
  fmagic=$(header_field "$ecoff" 0) amagic=$(header_field "$ecoff" 20)
  if [[ $fmagic != 0542 || $amagic != "$want_amagic" ]]; then  # 0542 = MIPSELMAGIC 0x0162
    echo "FAIL: $name: f_magic $fmagic, a.out magic $amagic (want 0542 and $want_amagic)"
    fail=1
  fi
  "$here/run_guest_test.sh" "$emu" "$ecoff" "$kn01" --machine ds3100 || fail=1
  "$here/run_guest_test.sh" "$emu" "$ecoff" "$kn02" --machine ds5000-200 || fail=1
}
boots omagic 0407 --impure
boots omagic_stripped 0407 --impure --strip-all

refused() {  # refused PATTERN FILE: emu --kernel FILE exits 2 with one line matching PATTERN
  local pattern=$1 file=$2 err status
  err=$("$emu" --machine ds3100 --kernel "$file" </dev/null 2>&1 >/dev/null)
  status=$?
  if [[ $status != 2 ]] || ! grep -q -- "$pattern" <<<"$err" || [[ $(wc -l <<<"$err") != 1 ]]; then
    echo "FAIL: emu --kernel $file -> status $status, stderr: $err (want 2 and one line /$pattern/)"
    fail=1
  else
    echo "ok: refused: $err"
  fi
}
$objcopy -O ecoff-littlemips "$elf" "$dir/zmagic.ecoff"
[[ $(header_field "$dir/zmagic.ecoff" 20) == 0413 ]] || { echo "FAIL: objcopy's default is not ZMAGIC"; fail=1; }
refused "ZMAGIC image whose sections put the text at file offset .*convert with objcopy --impure" "$dir/zmagic.ecoff"
# Linked 128 KiB lower, the image lands in the boot ROM's work area (physical 0x10000-0x2ffff).
$objcopy -O ecoff-littlemips --impure --change-addresses -0x20000 "$elf" "$dir/low.ecoff" 2>/dev/null
refused "overlaps the boot ROM's work area" "$dir/low.ecoff"
# objcopy cannot change the byte order of the data: a big-endian header is enough here.
cp "$dir/omagic.ecoff" "$dir/big.ecoff"
printf '\x01\x60' | dd of="$dir/big.ecoff" conv=notrunc status=none
refused "big-endian MIPS ECOFF" "$dir/big.ecoff"
head -c 30 "$dir/omagic.ecoff" >"$dir/short.ecoff"
refused "short.ecoff: truncated header: 30 bytes" "$dir/short.ecoff"

[[ $fail == 0 ]] && echo "PASS: objcopy's ECOFF images boot like the ELF; bad ones are refused"
[[ $fail == 0 ]]
