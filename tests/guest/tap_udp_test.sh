#!/usr/bin/env bash
# A real Linux UDP socket talks to the guest echo server through the TAP backend
# (--net tap=IFNAME), inside a private network namespace (unshare -n), so the host's own
# network is never touched. The host side of the TAP is 10.0.0.1/24, the guest 10.0.0.2;
# a Python socket sends N datagrams to port 7 and expects each echoed byte for byte.
# Needs root (or CAP_NET_ADMIN) and /dev/net/tun: otherwise reported as skipped, with the
# reason. TAP runs are real time and not deterministic (README), so only the data is checked.
# usage: tap_udp_test.sh EMU GUEST_DIR
set -uo pipefail
emu=$1 guest=$2
skip() { echo "SKIPPED: $*"; exit 0; }
[ -c /dev/net/tun ] || skip "/dev/net/tun is not available"
command -v unshare >/dev/null || skip "unshare (util-linux) is not installed"
command -v ip >/dev/null || skip "ip (iproute2) is not installed"
unshare -n true 2>/dev/null || skip "cannot create a network namespace here (needs root)"

exec unshare -n bash -s "$emu" "$guest" <<'INNER'
set -uo pipefail
emu=$1 guest=$2
ip link set lo up
ip tuntap add dev emutap0 mode tap || { echo "SKIPPED: cannot create a TAP device"; exit 0; }
ip addr add 10.0.0.1/24 dev emutap0
ip link set emutap0 up
out=$(mktemp)
timeout 60 "$emu" --machine ds3100 --kernel "$guest/udp_echo.elf" --append "role=server ip=10.0.0.2 count=5" \
  --net tap=emutap0 </dev/null >"$out" 2>&1 &
pid=$!
python3 - <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.1", 0))
s.settimeout(2.0)
ok = 0
for i in range(5):
    msg = bytes([0x41 + i]) * (1 + 10 * i)
    for attempt in range(10):  # the first needs ARP and the guest to have booted
        s.sendto(msg, ("10.0.0.2", 7))
        try:
            data, addr = s.recvfrom(2048)
        except socket.timeout:
            continue
        if data == msg and addr[0] == "10.0.0.2":
            ok += 1
            break
print(f"host: {ok} of 5 datagrams echoed by the guest")
sys.exit(0 if ok == 5 else 1)
PY
status=$?
wait $pid
emu_status=$?
cat "$out"
if [ $status -ne 0 ]; then echo "FAIL: the Linux socket did not get its echoes"; exit 1; fi
if [ $emu_status -ne 0 ]; then echo "FAIL: emu exited with status $emu_status"; exit 1; fi
grep -q "stopped after 5 echoes" "$out" || { echo "FAIL: the guest server did not count 5 echoes"; exit 1; }
echo "PASS: a Linux UDP socket and the guest exchanged 5 datagrams through the TAP"
INNER
