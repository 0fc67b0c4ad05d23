// trap(): every exception other than a system call (arch/vectors.S saved the whole user
// state in the frame). Interrupts go to the clock; TLB faults on user addresses are
// resolved (demand-zero pages, copy on write, page-table pages missing from the TLB) or
// go to the task's exception port, as does any other exception from user mode
// (kern/exception.cpp); without a handler the task is killed with a message naming the
// exception. An exception in the kernel is a panic.
#include "abi.h"
#include "arch/frame.h"
#include "dev/clock.h"
#include "exception.h"
#include "dev/net.h"
#include "klib.h"
#include "kstat.h"
#include "mips.h"
#include "sched/sched.h"
#include "task/ras.h"
#include "task/task.h"
#include "vm/usercopy.h"

namespace kern {
namespace {

const char* const kCauseNames[32] = {
    "interrupt", "TLB modification (write to a read-only page)", "TLB miss (load or fetch)",
    "TLB miss (store)", "address error (load or fetch)", "address error (store)",
    "bus error (fetch)", "bus error (load)", "system call in a delay slot", "breakpoint",
    "reserved instruction", "coprocessor unusable", "arithmetic overflow"};

[[noreturn]] void kill_current(const TrapFrame* f, unsigned code);

// A user exception the kernel does not resolve itself: to the task's exception port if
// it has one (the handler may resume the thread), else (or when the handler says so)
// the task is killed.
void user_exception(TrapFrame* f, unsigned code) {
  if (!exception_raise(f, code)) kill_current(f, code);
}

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
  ++g_kstat.interrupts;
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
    // BadVAddr held the PTE's address: only the page is known. Recover the address from
    // the instruction (a load or store: base register + offset; else the fetch itself)
    // and name the access: a store (opcodes 0x28-0x2e) or a load/fetch.
    const uint32_t pc = f->epc + ((f->cause & guest::cpu::kCauseBD) ? 4 : 0);
    const uint8_t* insn = pmap_kaddr(&t->pmap, pc, false);
    const uint32_t word = insn ? *reinterpret_cast<const uint32_t*>(insn) : 0;
    const uint32_t op = word >> 26;
    f->badvaddr = va;
    if (op >= 0x20 && op <= 0x2e && (pc >> 12) != (va >> 12)) {
      const uint32_t* regs = &f->at;  // registers 1..25 in order (arch/frame.h)
      const unsigned base = (word >> 21) & 31;
      const uint32_t b = base == 0 ? 0 : base == 28 ? f->gp : base == 29 ? f->sp
                       : base == 30 ? f->fp : base == 31 ? f->ra : base <= 25 ? regs[base - 1] : 0;
      f->badvaddr = b + static_cast<uint32_t>(static_cast<int16_t>(word & 0xffff));
    } else if ((pc >> 12) == (va >> 12)) {
      f->badvaddr = pc;
    }
    user_exception(f, op >= 0x28 && op <= 0x2e ? 3 : 2);
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
      user_exception(f, code);
  } else {
    user_exception(f, code);
  }
  if (to_user) {
    if (g_current->task->nras) ras_restart(f);  // before anything may switch threads
    preempt_if_needed();
  }
}

}  // namespace kern
