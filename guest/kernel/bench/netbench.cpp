// netbench: what keeping the caches coherent around LANCE DMA costs, against the copy
// out of the boards' LANCE buffer RAM (README "Network", the measurement). Run with the
// LANCE in internal loopback (boot argument net=loop), with or without dma=main (and
// emu --lance-dma main), and inval=page for whole-page invalidation:
//
//   emu --machine ds5000-200 --lance-dma main --kernel kernel.elf \
//       --append "netbench net=loop dma=main" --stats run.json
//
// It sends kFrames frames of kLen bytes by device_write and receives each back through a
// packet filter. The kernel marks, per received frame, region 20 (the copy out of LANCE
// memory, the invalidation included) and region 21 (the invalidation alone, main memory
// only); this program marks region 22, device_write to the frame's arrival in this task.
#include "emu_ops.h"
#include "msg.h"
#include "net.h"
#include "ulib.h"

using namespace kabi;
using namespace ulib;

namespace {
constexpr unsigned kFrames = 16, kLen = 1514;
constexpr uint32_t kRegionLoop = 22;
struct FrameMsg {
  MsgHeader h;
  uint32_t len;
  alignas(4) uint8_t f[kNetMaxFrame + 2];
};
FrameMsg g_rx;
alignas(4) uint8_t g_tx[kNetMaxFrame];
NetInfo g_info;
}  // namespace

int main() {
  sys_net_info(&g_info);
  const uint32_t port = uint32_t(sys_port_allocate());
  const uint16_t prog[] = {pf(kPfNop, kPfPushWord + 6), pf(kPfEq, kPfPushLit), 0x88b5};
  check(sys_filter_install(port, 1, prog, 3) > 0, "netbench: filter installed");
  memset(g_tx, 0xff, 6);
  memcpy(g_tx + 6, g_info.mac, 6);
  put_word(g_tx, 6, 0x88b5);
  unsigned ok = 0;
  for (unsigned i = 0; i < kFrames; ++i) {
    g_tx[20] = static_cast<uint8_t>(i);
    guest::emu::region_begin(kRegionLoop);
    sys_net_write(g_tx, kLen);
    const int r = receive(reinterpret_cast<Msg*>(&g_rx), port, sizeof g_rx, kMsgRcvTimeout, 100);
    guest::emu::region_end(kRegionLoop);
    ok += r == kOk && g_rx.len == kLen && g_rx.f[20] == g_tx[20];
  }
  check_eq(int(ok), int(kFrames), "netbench: every looped frame received");
  return failures() ? 1 : 0;
}
