// The guest kernel's user interface: system-call numbers, the message format, port-right
// dispositions and error codes. Shared by the kernel and user programs; README.md in
// guest/kernel describes each call. The layout follows Mach 3.0's mach_msg (header fields,
// disposition values; Mach 3.0 MK83 mach/message.h, mach/port.h), simplified where noted.
#pragma once
#include <stdint.h>

namespace kabi {

// ---- system calls: `syscall` with v0 = number, a0-a3 = arguments 1-4, t0/t1 = 5 and 6;
// the result in v0 (the short-message calls also return v1, a2, a3). Like an o32 procedure call, at, v1, a0-a3, t0-t9, hi and lo are not
// preserved; s0-s8, gp, sp and ra are.
enum Syscall : uint32_t {
  kSysNull = 0,          // () -> 0: the null system call
  kSysWrite = 1,         // (buf, len) -> len: console output
  kSysTaskExit = 2,      // (status): ends the calling task
  kSysThreadCreate = 3,  // (entry, sp, arg, priority) -> thread id (a0 = arg at entry)
  kSysThreadExit = 4,    // (): ends the calling thread (the task ends with its last one)
  kSysThreadSwitch = 5,  // (thread id or 0): yield, to that thread if it is ready
  kSysThreadSleep = 6,   // (ms): block for at least ms milliseconds
  kSysClock = 7,         // () -> clock ticks since boot
  kSysPortAllocate = 8,  // () -> name of a new receive right (negative: error)
  kSysPortDestroy = 9,   // (name): drop every right the name denotes
  kSysMsg = 10,          // (msg, option, send_size, rcv_size, rcv_name, timeout_ms) -> code
  kSysTaskSpawn = 11,    // (image name, arg, right name, disposition) -> task id
  kSysTaskWait = 12,     // (task id) -> exit status (kStatusKilled if killed)
  kSysCacheFlush = 13,   // (): invalidate the I- and D-caches (for cold-cache measurements)
  kSysInfo = 14,         // (key) -> value (kInfo*)
  kSysMakeSend = 15,     // (receive-right name): add a send right under the same name
  kSysThreadPriority = 16,  // (thread id or 0, priority) -> previous priority
  kSysRpcShort = 17,     // (dest, reply port, w0, w1) -> code; the reply's w0, w1 in a2, a3
  kSysReplyWait = 18,    // (send-once name or 0, port, w0, w1) -> code; v1 = the request's
                         // send-once reply right, a2, a3 = its words
  // ---- virtual memory, exceptions, notifications, emulation, devices (19..39). A
  // `task` argument is a task id: 0 or the caller's own for itself, else a task it spawned.
  kSysVmAllocate = 19,   // (task, addr, size, anywhere) -> address (negative: error)
  kSysVmDeallocate = 20, // (task, addr, size) -> code
  kSysVmProtect = 21,    // (task, addr, size, prot) -> code
  kSysVmShare = 22,      // (task, addr, size, to_addr or 0) -> address in task: the caller's
                         // [addr, addr + size) mapped into task, shared
  kSysTaskSetExceptionPort = 23,  // (task, port name or 0) -> code
  kSysThreadGetState = 24,        // (thread id, ThreadRegs*) -> code
  kSysThreadSetState = 25,        // (thread id, const ThreadRegs*) -> code
  kSysPortRequestNotification = 26,  // (name, kNotify*, notify port name) -> code
  kSysTaskSetEmulation = 27,      // (entry or 0, first Unix call, count) -> code
  kSysDeviceOpen = 28,   // (name) -> a send right to the device port
  kSysDeviceWrite = 29,  // (device port, buf, len) -> bytes written
  // ---- the in-kernel UDP sockets (dev/ksock.cpp; README "The UDP experiment"): 30..39 -
  kSysSockOpen = 30,       // () -> socket number (>= 0): a UDP socket of the calling task
  kSysSockBind = 31,       // (socket, local port, receive timeout in ms or 0) -> 0
  kSysSockSendto = 32,     // (socket, buf, len | dest port << 16, dest IPv4 address) -> 0
  kSysSockRecvfrom = 33,   // (socket, buf, len, SockAddr* from or 0) -> payload bytes
  kSysSockClose = 34,      // (socket) -> 0
  kSysKstat = 35,          // (KStat* buf) -> 0: the kernel's event counters
  kSysBootArg = 36,        // (name, buf, size) -> length of the value of `name=value` on
                           // the kernel's command line (copied with its NUL), or kErrInvalidArg
  // ---- the network device (dev/net.cpp; README "Network"): 40..59 ----------------------
  kSysNetInfo = 40,        // (NetInfo* buf) -> 0: station address, DMA path, counters
  kSysNetWrite = 41,       // (frame, len) -> 0: transmit one Ethernet frame (DA..data)
  kSysFilterInstall = 42,  // (port, priority, program, words) -> filter id (> 0)
  kSysFilterRemove = 43,   // (filter id) -> 0
  kSysNetMap = 44,         // (va, port) -> 0: mapped-driver mode for the caller
  // ---- the user runtime (user/cthreads.*; README "Threads: the C-Threads library"): 60..63
  kSysRasRegister = 60,  // (start, end) -> code: [start, end) is a restartable atomic
                         // sequence of the task: a thread stopped inside it resumes at start
  kSysCount = 64,          // numbers without a call give kErrInvalidArg
};
constexpr uint32_t kMaxRasBytes = 64;  // the longest restartable atomic sequence
// Every task's demand-zero heap (task/loader.cpp); user/ulib.cpp hands it out.
constexpr uint32_t kUserHeapStart = 0x10000000, kUserHeapEnd = 0x10400000;  // 4 MiB

enum Info : uint32_t { kInfoCpuKhz = 0, kInfoHz = 1, kInfoTaskId = 2, kInfoThreadId = 3 };
constexpr int kStatusKilled = -1000;  // task_wait's value for a task the kernel killed
constexpr unsigned kPriorities = 32;  // 0 (lowest) .. 31; user default kPriorityUser
constexpr unsigned kPriorityUser = 10;

// ---- messages -------------------------------------------------------------------------
// A port name: index << 8 | 8-bit generation, checked on every use (Mach ipc_entry). 0 is
// the null name; kNameDead stands for a right to a port that died in transit.
using PortName = uint32_t;
constexpr PortName kNameNull = 0;
constexpr PortName kNameDead = 0xffffffff;

struct MsgHeader {
  uint32_t bits;         // remote disposition 7:0, local disposition 15:8, kMsgComplex
  uint32_t size;         // bytes, header included; a multiple of 4
  PortName remote_port;  // send: the destination; received: the reply right
  PortName local_port;   // send: the reply port; received: the port it arrived on
  uint32_t seqno;        // received: the port's sequence number
  uint32_t id;           // free for the user (MIG: routine number)
};
constexpr uint32_t kMsgComplex = 1u << 31;  // the body starts with port descriptors
inline uint32_t msg_bits(uint32_t remote, uint32_t local) { return remote | (local << 8); }

// A complex body begins with a count and that many port descriptors; inline data follow.
// On receipt `name` is the receiver's name for the right, `disposition` its type (kPort*).
struct PortDescriptor {
  PortName name;
  uint32_t disposition;
};
constexpr uint32_t kMaxPortsPerMsg = 8;
constexpr uint32_t kMaxMsgSize = 4096;  // inline bytes, header included

// Out-of-line regions: a complex body's first word is nports | nool << 16; after the
// port descriptors come nool of these. The region (page-aligned address, at most 64 KiB)
// moves by VM: the receiver gets the pages at a new address (written into `address`),
// copy-on-write while the sender still maps them; with kOolDeallocate the sender's range
// is removed as it is sent (the pages move, nothing is copied).
struct OolDescriptor {
  uint32_t address;
  uint32_t size;
  uint32_t flags;
};
constexpr uint32_t kOolDeallocate = 1;
constexpr uint32_t kMaxOolPerMsg = 2;
constexpr uint32_t kMaxOolSize = 64 * 1024;

// vm_protect's protections (no execute bit: the R3000 has none; write implies read).
constexpr uint32_t kProtNone = 0, kProtRead = 1, kProtWrite = 2;

// Exceptions. A user thread's exception (not an interrupt, system call or resolved page
// fault) goes to its task's exception port, if set, as a message with id kExcRaise, a
// send-once reply right, and an ExcInfo body; the thread waits. The handler answers
// through the reply right with a body word: kOk resumes the thread (with whatever state
// thread_set_state gave it), anything else kills its task. No port, a dead port, or a
// reply right destroyed unanswered: the task is killed.
constexpr uint32_t kExcRaise = 2401;  // Mach's exception_raise id
constexpr uint32_t kExcReply = 2501;  // the id a reply should carry (not checked)
struct ExcInfo {
  uint32_t thread;    // the thread's id (for thread_get_state / thread_set_state)
  uint32_t task;      // its task's id
  uint32_t code;      // the R3000 Cause.ExcCode (1-12; 1-3 for unresolved TLB faults)
  uint32_t badvaddr;  // the faulting address for codes 1-5
  uint32_t pc;        // the faulting instruction (EPC)
};
// A thread's user state, for thread_get_state / thread_set_state: the registers
// r1..r31 (index 0 is at), hi, lo, pc; then cause and badvaddr (read only). Only a
// thread stopped in an exception can be read or written (kErrInvalidArg otherwise);
// the caller must be its own task or the task that spawned it.
struct ThreadRegs {
  uint32_t r[31];  // r[i] = register i + 1 (r[28] = sp, r[30] = ra; k0, k1 read as 0, not written)
  uint32_t hi, lo, pc;
  uint32_t cause, badvaddr;
};

// Unix system-call redirection (Mach's task_set_emulation): `syscall` with v0 =
// kUnixSyscallBase + n (n < 256) runs the task's emulation entry for n, in the task
// itself, with every register as at the syscall except v1 = the address to return to
// (the instruction after the syscall). A number with no entry gets kErrInvalidArg.
constexpr uint32_t kUnixSyscallBase = 1000;

// Dispositions (sending) and the right types they arrive as (Mach's values).
enum Disposition : uint32_t {
  kMoveReceive = 16, kMoveSend = 17, kMoveSendOnce = 18,
  kCopySend = 19, kMakeSend = 20, kMakeSendOnce = 21,
  kPortReceive = 16, kPortSend = 17, kPortSendOnce = 18,
};

// The message the kernel sends to a port when a send-once right to it is destroyed
// unused (its holder died, or destroyed it): a bare header with this id (Mach's
// MACH_NOTIFY_SEND_ONCE), so a client waiting for a reply learns that none will come.
constexpr uint32_t kNotifySendOnce = 0x47;
// Notifications requested with port_request_notification (Mach's ids,
// mach/notify.h). No-senders: the last send right to a port (receive right `name`) is
// gone; the body's word is the port's name in the requester's space. Dead name: the port
// a send or send-once right `name` denotes has died; the body's word is that name.
constexpr uint32_t kNotifyNoSenders = 0x46;
constexpr uint32_t kNotifyDeadName = 0x48;

// mach_msg options.
constexpr uint32_t kMsgSend = 1;
constexpr uint32_t kMsgRcv = 2;
constexpr uint32_t kMsgSendTimeout = 0x10;  // give up sending after the timeout (0: at once)
constexpr uint32_t kMsgRcvTimeout = 0x100;  // give up receiving after the timeout
constexpr uint32_t kMsgGeneral = 0x1000;    // never take the short-message fast path (for
                                            // measuring and testing the general path)
constexpr uint32_t kMaxFastMsgSize = 64;    // the fast path's limit, header included

// Error codes (the kernel's own numbering; 0 is success).
enum Error : int {
  kOk = 0,
  kErrInvalidName = -1,    // the name denotes no right in the caller's space
  kErrBadRight = -2,       // the name denotes a right of the wrong type for the operation
  kErrDeadName = -3,       // the port has died (its receive right was destroyed)
  kErrQueueFull = -4,      // SEND_TIMEOUT with timeout 0 and the port's queue is full
  kErrTimedOut = -5,       // the send or receive timeout expired
  kErrInvalidAddress = -6, // a user buffer is not mapped (or not writable) as required
  kErrMsgSize = -7,        // bad send size (< header, > kMaxMsgSize, not a multiple of 4)
  kErrTooLarge = -8,       // the message does not fit the receive buffer (it stays queued)
  kErrNoSpace = -9,        // the kernel ran out of names, messages, threads or memory
  kErrInvalidArg = -10,    // a bad system-call argument (number, option, disposition)
  kErrPortChanged = -11,   // the port being received on was moved or destroyed
  kErrNoSuchTask = -12,    // task_spawn: no image of that name; task_wait: no such task
                           // (and every call naming a task or thread the caller may not control)
  kErrDevice = -40,        // the network device failed (did not start, transmit timed out)
};

// ---- the network device (dev/net.cpp, dev/pfilter.cpp; README "Network") --------------
// Packet-filter programs (Mogul, Rashid & Accetta 1987; the encoding follows their
// CMU/Stanford enet filter): 16-bit words, each `op << 10 | push`. The push happens first,
// then the operation on the top of the stack. At the end the frame is accepted when the
// stack is empty or its top is not zero.
constexpr unsigned kFilterMaxWords = 40;   // a program's length limit
constexpr unsigned kFilterMaxStack = 16;   // its stack depth limit (checked on install)
constexpr unsigned kFilterMaxPriority = 255;
enum FilterPush : uint16_t {
  kPfNoPush = 0, kPfPushLit = 1,  // kPfPushLit: the next program word
  kPfPushZero = 2, kPfPushOne = 3, kPfPushFfff = 4, kPfPushFf00 = 5, kPfPush00ff = 6,
  kPfPushWord = 16,  // + n: the frame's 16-bit word n (bytes 2n, 2n+1, big-endian), n < 757
};
enum FilterOp : uint16_t {
  kPfNop = 0,
  // binary: pop b (top), a; push a OP b (comparisons push 1 or 0)
  kPfEq = 1, kPfLt = 2, kPfLe = 3, kPfGt = 4, kPfGe = 5, kPfAnd = 6, kPfOr = 7, kPfXor = 8,
  // short-circuit: pop both; COR accepts at once if equal, CAND rejects at once if not,
  // CNOR rejects at once if equal, CNAND accepts at once if not; otherwise go on
  kPfCor = 9, kPfCand = 10, kPfCnor = 11, kPfCnand = 12,
  kPfNeq = 13,
};
constexpr uint16_t pf(uint16_t op, uint16_t push) { return static_cast<uint16_t>(op << 10 | push); }

// What the kernel sends to a filter's port: a header with this id, then the frame's length
// in bytes and the frame itself (DA..data, no FCS), padded to a multiple of 4.
constexpr uint32_t kNetFrameMsgId = 0x4e00;
constexpr uint32_t kNetMaxFrame = 1514;
struct NetFrameMsg {
  MsgHeader h;
  uint32_t len;
  uint8_t frame[kNetMaxFrame + 2];
};
// Mapped-driver mode: the LANCE's interrupt, as a bare header with this id.
constexpr uint32_t kNetIntrMsgId = 0x4e01;

// ---- the in-kernel UDP sockets (dev/ksock.cpp) and the kernel's event counters --------
// The sockets exist when the kernel has an IPv4 address (boot argument ip=A.B.C.D): it
// then runs the ARP/IPv4/UDP stack itself (guest/net/inet.h) on every frame for that
// address, before the packet filter.
struct SockAddr {
  uint32_t ip;    // host order
  uint32_t port;
};
constexpr uint32_t kSockMax = 8;
// Counted by the kernel since boot, for the per-round-trip figures of the UDP experiment:
// messages sent (general path; the RPC fast path and the short messages in registers are
// not counted, and no UDP structure takes them), thread switches (through the scheduler:
// not the short-message fast path's), copies of message, frame or datagram data (one per
// copy loop, whatever its length), and interrupts taken.
struct KStat {
  uint32_t messages, switches, copies, interrupts;
};

// kSysNetInfo's answer.
struct NetInfo {
  uint8_t mac[6];           // station address (from the ESAR)
  uint8_t dma;              // 0: board buffer (KN01 / PMAD-AA), 1: main memory
  uint8_t mapped;           // 1 while a task holds the device in mapped-driver mode
  uint32_t rx_frames;       // good frames the driver received
  uint32_t rx_delivered;    // ... sent to a filter's port
  uint32_t rx_unwanted;     // ... no filter accepted
  uint32_t rx_dropped;      // ... accepted, but the port's queue was full (or no buffer)
  uint32_t tx_frames;       // frames written by device_write
  uint32_t interrupts;
  // Mapped-driver mode (kSysNetMap at va): the LANCE's RDP at va, RAP at va + 4; its
  // memory from va + 4096, where LANCE address mem_lance is (KN01: LANCE byte L at
  // va + 4096 + 2(L & ~1), halfwords; otherwise byte L - mem_lance at va + 4096 + that).
  uint32_t mem_lance;
  uint32_t mem_bytes;       // CPU bytes mapped from va + 4096
  uint8_t board;            // 0: KN01 (gap2 halfwords), 1: KN02 (PMAD-AA)
  uint8_t pad[3];
};

}  // namespace kabi
