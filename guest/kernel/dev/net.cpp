// The kernel's network device (see net.h): opening the shared LANCE driver, the receive
// path (driver queue -> packet filter -> IPC message), device_write, and the
// mapped-driver mode.
//
// Receive: the LANCE's interrupt runs the driver's service routine (lance_interrupt),
// which copies each good frame out of LANCE memory into the driver's queue (emulator
// region kRegionRxCopy; with main-memory DMA the D-cache invalidation first, region
// kRegionRxInval). Each queued frame is then run through the filters and copied into a
// kernel message queued on the chosen port, whose first waiting receiver is woken (Mach
// 3.0's net_packet / ipc_mqueue_send from interrupt level does the same) — or, when a
// receiver is already waiting, copied straight into its buffer. A frame no
// filter accepts, or whose port's queue is full, is dropped and counted.
#include "net.h"

#include "abi.h"
#include "dev/ksock.h"
#include "dev/pfilter.h"
#include "emu_ops.h"
#include "ipc/kmsg.h"
#include "ipc/port.h"
#include "ipc/space.h"
#include "kern/klib.h"
#include "kern/kstat.h"
#include "lance.h"
#include "lance_irq.h"
#include "mips.h"
#include "prom.h"
#include "sched/sched.h"
#include "task/task.h"
#include "vm/pmap.h"
#include "vm/usercopy.h"

namespace kern {
namespace {

using namespace kabi;
namespace gn = guest::net;

// Emulator regions marked inside the kernel (README "Network": the DMA coherence cost).
constexpr uint32_t kRegionRxCopy = 20, kRegionRxInval = 21;

gn::LanceConfig g_cfg;
bool g_open;
NetInfo g_info;
Task* g_mapped;         // the task holding the device in mapped-driver mode
Port* g_mapped_port;    // where its interrupts go (one reference)
uint32_t g_mapped_va;
alignas(4) uint8_t g_tx[kNetMaxFrame];

bool arg_is(const char* a, const char* want) {
  while (*a && *a == *want) ++a, ++want;
  return *a == *want;
}

}  // namespace

int net_open() {
  if (g_open) return kOk;
  if (gn::lance_start(g_cfg) != 0) return kErrDevice;
  gn::lance_irq_board_enable(true);
  memcpy(g_info.mac, gn::lance_mac(), 6);
  g_info.dma = g_cfg.dma == gn::DmaPath::kMainMemory;
  g_info.board = guest::machine_board() == guest::Board::kKn02;
  const gn::LanceWhere w = gn::lance_where();
  g_info.mem_lance = w.mem_lance;
  g_info.mem_bytes = w.mem_bytes;
  g_open = true;
  return kOk;
}

namespace {

int open_device() { return net_open(); }

// Queue a received frame on p as a message `id` (kNetFrameMsgId; kNetIntrMsgId with no
// frame); false if it could not be.
bool deliver(Port* p, const uint8_t* frame, unsigned len, uint32_t id = kNetFrameMsgId) {
  ++g_kstat.messages;  // (one dropped below is counted too: the kernel did the filtering)
  const uint32_t size = (sizeof(MsgHeader) + 4 + len + 3) & ~3u;
  Thread* r = p->receivers.head;
  if (r && r->rcv_size >= size) {
    // A receiver is waiting (so nothing is queued): straight into its buffer, as the IPC
    // direct path does, one copy fewer. The header as a received message has it.
    const MsgHeader h{0, size, kNameNull, r->rcv_name, p->seqno++, id};
    Task* to = r->task;
    ++g_kstat.copies;
    const bool ok = copyout(to, r->rcv_buf, &h, sizeof h) &&
                    copyout(to, r->rcv_buf + sizeof h, &len, 4) &&
                    copyout(to, r->rcv_buf + sizeof h + 4, frame, len);
    wakeup(r, ok ? kOk : kErrInvalidAddress);
    return true;
  }
  if (p->qcount >= p->qlimit) return false;
  KMsg* k = kmsg_alloc();
  if (!k) return false;
  auto* m = reinterpret_cast<NetFrameMsg*>(k->data);
  m->h = MsgHeader{0, size, kNameNull, kNameNull, 0, id};
  m->len = len;
  ++g_kstat.copies;
  memcpy(m->frame, frame, len);
  k->size = size;
  k->rights = Transit{};
  k->rights.dest = p;
  port_ref(p);
  if (p->qtail) p->qtail->next = k; else p->qhead = k;
  p->qtail = k;
  ++p->qcount;
  if (Thread* r = p->receivers.head) wakeup(r, kRetry);
  return true;
}

void receive_frames() {
  gn::RxFrame f;
  while (gn::lance_recv(&f)) {
    ++g_info.rx_frames;
    ++g_kstat.copies;  // out of LANCE memory, by lance_interrupt
    Port* p = nullptr;
    if (ksock_input(f.data, f.len)) ++g_info.rx_delivered;  // the kernel's own stack
    else if (!(p = pfilter_match(f.data, f.len))) ++g_info.rx_unwanted;
    else if (deliver(p, f.data, f.len)) ++g_info.rx_delivered;
    else ++g_info.rx_dropped;
    gn::lance_recv_done();
  }
}

// Mapped mode: silence the line without touching the driver's state. CSR0 written with
// 0 clears only INEA (its other writable bits are write-one-to-clear or commands); the
// user driver sets INEA again when it acknowledges CSR0. RAP is 0 whenever INEA is set
// (the driver changes RAP only while initialising, with interrupts disabled).
void mapped_interrupt() {
  auto* rdp = reinterpret_cast<volatile uint16_t*>(gn::lance_where().regs_phys | 0xa0000000u);
  *rdp = 0;
  guest::cpu::wbflush();
  if (g_mapped_port->dead) return;
  deliver(g_mapped_port, nullptr, 0, kNetIntrMsgId);
}

void unmap() {
  port_release(g_mapped_port);
  g_mapped = nullptr;
  g_mapped_port = nullptr;
  g_info.mapped = 0;
  // The kernel drives the chip again, from a fresh start. (The task's TLB entries for the
  // window carry its ASID, which is not reused before the next flush.)
  gn::lance_start(g_cfg);
}

Task* cur_task() { return g_current->task; }

// A receive or send right named `name` in the caller's space: its port, or nullptr.
Port* port_of(uint32_t name, int* err) {
  Entry* e = space_lookup(&cur_task()->space, name);
  if (!e) return *err = kErrInvalidName, nullptr;
  if (!(e->rights & (kRightReceive | kRightSend))) return *err = kErrBadRight, nullptr;
  if (e->port->dead) return *err = kErrDeadName, nullptr;
  return e->port;
}

}  // namespace

void net_boot_args(int argc, char** argv) {
  g_cfg = gn::LanceConfig();
  g_cfg.interrupts = true;
  g_cfg.rx_copy_region = kRegionRxCopy;
  g_cfg.rx_inval_region = kRegionRxInval;
  for (int i = 0; i < argc; ++i) {
    if (arg_is(argv[i], "dma=main")) g_cfg.dma = gn::DmaPath::kMainMemory;
    if (arg_is(argv[i], "net=loop")) g_cfg.mode = gn::kModeLoop | gn::kModeIntl;
    if (arg_is(argv[i], "inval=page")) g_cfg.invalidate_pages = true;
  }
  ksock_boot_args(argc, argv);
  gn::lance_irq_board_enable(false);  // KN02: nothing on the CSR cascade until we open
}

uint32_t net_interrupt_mask() { return gn::lance_irq_mask(); }

bool net_interrupt() {
  if (!gn::lance_irq_asserted()) return false;
  ++g_info.interrupts;
  if (g_mapped) {
    mapped_interrupt();
    return true;
  }
  gn::lance_interrupt();
  receive_frames();
  return true;
}

bool net_may_wake() { return g_open; }

bool net_map_fault(Task* t, uint32_t va) {
  if (t != g_mapped || va < g_mapped_va) return false;
  const uint32_t page = (va - g_mapped_va) >> 12;
  if (page > g_info.mem_bytes / 4096) return false;
  const gn::LanceWhere w = gn::lance_where();
  const uint32_t phys = page == 0 ? w.regs_phys : w.mem_phys + 4096 * (page - 1);
  // Uncached (N), writable (D), valid (V), the task's ASID (it is the current task).
  tlb_update((va & ~0xfffu) | (static_cast<uint32_t>(t->pmap.asid) << 6), phys | kPteN | kPteD | kPteV);
  return true;
}

void net_task_ended(Task* t) {
  pfilter_task_ended(t);
  ksock_task_ended(t);
  if (g_mapped == t) unmap();
}

}  // namespace kern

using namespace kern;
using namespace kabi;
using A = uint32_t;

extern "C" int sys_net_info(A buf, A, A, A, A, A) {
  if (const int r = open_device()) return r;
  g_info.tx_frames = gn::lance_stats().tx_frames;
  return copyout(cur_task(), buf, &g_info, sizeof g_info) ? kOk : kErrInvalidAddress;
}

extern "C" int sys_net_write(A frame, A len, A, A, A, A) {
  if (const int r = open_device()) return r;
  if (g_mapped) return kErrBadRight;  // the chip belongs to the mapped driver
  if (len < 14 || len > kNetMaxFrame) return kErrInvalidArg;
  g_kstat.copies += 2;  // in, and into LANCE memory
  if (!copyin(cur_task(), frame, g_tx, len)) return kErrInvalidAddress;
  return gn::lance_send(g_tx, len) == 0 ? kOk : kErrDevice;
}

extern "C" int sys_filter_install(A name, A priority, A prog, A words, A, A) {
  if (const int r = open_device()) return r;
  int err = kOk;
  Port* p = port_of(name, &err);
  if (!p) return err;
  if (priority > kFilterMaxPriority || words > kFilterMaxWords) return kErrInvalidArg;
  uint16_t code[kFilterMaxWords];
  if (!copyin(cur_task(), prog, code, words * 2)) return kErrInvalidAddress;
  if (const int r = pfilter_validate(code, words)) return r;
  port_ref(p);
  const int id = pfilter_install(cur_task(), p, priority, code, words);
  if (id < 0) port_release(p);
  return id;
}

extern "C" int sys_filter_remove(A id, A, A, A, A, A) { return pfilter_remove(cur_task(), id); }

extern "C" int sys_net_map(A va, A name, A, A, A, A) {
  if (const int r = open_device()) return r;
  if (g_mapped) return kErrNoSpace;
  const gn::LanceWhere w = gn::lance_where();
  const uint32_t pages = 1 + w.mem_bytes / 4096;
  if ((w.mem_phys | w.regs_phys) & 0xfff) return kErrDevice;  // must map whole pages
  if ((va & 0xfff) || va == 0 || va >= kUserTop || kUserTop - va < pages * 4096) return kErrInvalidAddress;
  Task* t = cur_task();
  for (uint32_t i = 0; i < pages; ++i) {
    const uint32_t* pte = pmap_pte(&t->pmap, va + 4096 * i, false);
    if (task_region(t, va + 4096 * i) || (pte && (*pte & kPteV))) return kErrInvalidAddress;
  }
  int err = kOk;
  Port* p = port_of(name, &err);
  if (!p) return err;
  // The window's PTEs stay invalid, so nothing that walks the page table (the kernel's
  // user copies, the IPC paths, pmap_destroy) ever treats device memory as RAM; its
  // page-table pages exist, so a miss there is an ordinary TLB-invalid fault, which
  // net_map_fault() answers by loading the device's entry.
  for (uint32_t i = 0; i < pages; ++i)
    if (!pmap_pte(&t->pmap, va + 4096 * i, true)) return kErrNoSpace;
  gn::lance_stop();  // the task initialises the chip itself
  port_ref(p);
  g_mapped = t;
  g_mapped_port = p;
  g_mapped_va = va;
  g_info.mapped = 1;
  return kOk;
}
