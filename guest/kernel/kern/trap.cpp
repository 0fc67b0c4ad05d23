// trap(): every exception other than a system call (arch/vectors.S saved the whole user
// state in the frame). Interrupts go to the clock; TLB faults on user addresses are
// resolved (demand-zero pages, page-table pages missing from the TLB) or kill the task;
// any other exception from user mode kills the task with a message naming it; an
// exception in the kernel is a panic.
#include "abi.h"
#include "arch/frame.h"
#include "dev/clock.h"
#include "dev/net.h"
#include "klib.h"
#include "mips.h"
#include "sched/sched.h"
#include "task/task.h"
#include "vm/usercopy.h"

namespace kern {
namespace {

const char* const kCauseNames[32] = {
    "interrupt", "TLB modification (write to a read-only page)", "TLB miss (load or fetch)",
    "TLB miss (store)", "address error (load or fetch)", "address error (store)",
    "bus error (fetch)", "bus error (load)", "system call in a delay slot", "breakpoint",
    "reserved instruction", "coprocessor unusable", "arithmetic overflow"};

[[noreturn]] void kill_current(const TrapFrame* f, unsigned code) {
  Task* t = g_current->task;
  printf("kernel: task %u (%s) killed: %s", static_cast<unsigned>(t->id), t->name,
         code < 13 ? kCauseNames[code] : "exception");
  if (code >= 1 && code <= 5) printf(" at 0x%08x", static_cast<unsigned>(f->badvaddr));
  printf(", pc 0x%08x\n", static_cast<unsigned>(f->epc));
  task_terminate(t, kabi::kStatusKilled);
  panic("killed task returned");
}

void interrupt(TrapFrame* f) {
  const uint32_t pending = f->cause & f->status & guest::cpu::kStatusImMask;
  if (pending & clock_interrupt_mask()) {
    clock_ack();
    clock_tick();
    return;
  }
  if ((pending & net_interrupt_mask()) && net_interrupt()) return;
  // Nothing else is enabled; mask what fired so it cannot loop, and say so.
  printf("kernel: unexpected interrupt (cause 0x%08x), masked\n", static_cast<unsigned>(f->cause));
  f->status &= ~pending;
}

// The refill handler's load of the PTE missed in kseg2: k1 holds the user PC, and the
// Status stack holds two pushes (the user's exception, then the refill handler's).
void double_miss(TrapFrame* f) {
  f->epc = f->k1;
  f->status = (f->status & ~0xfu) | ((f->status >> 2) & 0xfu);  // undo the inner push
  Task* t = g_current->task;
  if (!t) panic("page-table miss in a kernel thread");
  if (pmap_map_ptpage(&t->pmap, f->badvaddr)) return;
  // No page-table page: the user page is not mapped either.
  const uint32_t va = (f->badvaddr - PT_BASE) << 10;
  if (!vm_fault(t, va, false)) {
    // Name the access by the instruction: a store (opcodes 0x28-0x2e) or a load/fetch.
    f->badvaddr = va;
    const uint8_t* insn = pmap_kaddr(&t->pmap, f->epc, false);
    const uint32_t op = insn ? *reinterpret_cast<const uint32_t*>(insn) >> 26 : 0;
    const bool store = (f->cause & guest::cpu::kCauseBD) == 0 && op >= 0x28 && op <= 0x2e;
    kill_current(f, store ? 3 : 2);
  }
}

}  // namespace

extern "C" void trap(TrapFrame* f) {
  const unsigned code = (f->cause >> 2) & 31;
  bool to_user = f->status & guest::cpu::kStatusKUp;
  if (f->epc == UTLB_LOAD_PC && (code == 2 || code == 3)) {
    double_miss(f);
    to_user = true;
  } else if (code == 0) {
    interrupt(f);
  } else if (!to_user) {
    panic("exception %u in the kernel at pc 0x%08x, badvaddr 0x%08x, cause 0x%08x", code,
          static_cast<unsigned>(f->epc), static_cast<unsigned>(f->badvaddr),
          static_cast<unsigned>(f->cause));
  } else if (code >= 1 && code <= 3 && f->badvaddr < kUserTop) {
    if (!vm_fault(g_current->task, f->badvaddr, code != 2) &&
        !net_map_fault(g_current->task, f->badvaddr))
      kill_current(f, code);
  } else {
    kill_current(f, code);
  }
  if (to_user) preempt_if_needed();
}

}  // namespace kern
