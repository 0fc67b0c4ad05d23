// sock_test: the in-kernel sockets' and the new calls' checks (calls 30..36; README "The
// UDP experiment"), on one machine with the LANCE in internal loopback. Kernel boot
// arguments: ip=10.0.0.9 net=loop sock_test key=value.
// Every call gets what a hostile or careless task could pass: bad socket numbers, another
// task's socket, bad pointers, bad lengths and ports, a second reader, a closed socket.
#include "net.h"
#include "ulib.h"

using namespace kabi;
using namespace ulib;

namespace {

constexpr uint32_t kBad = 0x08000000;  // no region there (between the program and the heap)
constexpr uint32_t kKernel = 0x80001000;
char g_buf[64];

void child(uint32_t s) {
  // Another thread of this task may use the socket; it is the second reader.
  char b[8];
  check_eq(sys_sock_recvfrom(s, b, sizeof b, nullptr), kErrDeadName, "a reader woken by close gets kErrDeadName");
  sys_thread_exit();
}

}  // namespace

int main(uint32_t arg, uint32_t) {
  if (arg == 1) {  // the spawned task: socket 0 belongs to its parent
    check_eq(sys_sock_bind(0, 9, 0), kErrInvalidName, "another task's socket is not ours");
    return 0;
  }
  // boot_arg
  check_eq(sys_boot_arg("key", g_buf, sizeof g_buf), 5, "boot_arg: the value's length");
  check(strcmp(g_buf, "value") == 0, "boot_arg: the value, with its NUL");
  check_eq(sys_boot_arg("nokey", g_buf, sizeof g_buf), kErrInvalidArg, "boot_arg: an absent name");
  check_eq(sys_boot_arg("key", g_buf, 5), kErrInvalidArg, "boot_arg: a buffer too small for value and NUL");
  check_eq(sys_boot_arg(reinterpret_cast<const char*>(kBad), g_buf, 8), kErrInvalidAddress, "boot_arg: a bad name");
  check_eq(sys_boot_arg("key", reinterpret_cast<char*>(kKernel), 8), kErrInvalidAddress, "boot_arg: a kernel buffer");
  check_eq(sys_boot_arg("0123456789012345678901234567890123456789", g_buf, 8), kErrInvalidArg,
           "boot_arg: a name too long");
  // kstat
  KStat k;
  check_eq(sys_kstat(&k), kOk, "kstat");
  check_eq(sys_kstat(reinterpret_cast<KStat*>(kBad)), kErrInvalidAddress, "kstat: a bad buffer");
  // sockets
  const int s = sys_sock_open();
  check_eq(s, 0, "sock_open: the first socket");
  const uint32_t bads[] = {uint32_t(s + 1), 100u, 0xffffffffu};
  for (uint32_t bad : bads) {
    check_eq(sys_sock_bind(bad, 9, 0), kErrInvalidName, "bind: not a socket of ours");
    check_eq(sys_sock_sendto(bad, g_buf, 1 | 9u << 16, 0x0a000001), kErrInvalidName, "sendto: not a socket of ours");
    check_eq(sys_sock_recvfrom(bad, g_buf, 1, nullptr), kErrInvalidName, "recvfrom: not a socket of ours");
    check_eq(sys_sock_close(bad), kErrInvalidName, "close: not a socket of ours");
  }
  check_eq(sys_sock_bind(uint32_t(s), 0, 0), kErrInvalidArg, "bind: port 0");
  check_eq(sys_sock_bind(uint32_t(s), 70000, 0), kErrInvalidArg, "bind: a port above 65535");
  check_eq(sys_sock_bind(uint32_t(s), 9, 50), kOk, "bind: port 9, 50 ms receive time-out");
  const int s2 = sys_sock_open();
  check_eq(sys_sock_bind(uint32_t(s2), 9, 0), kErrNoSpace, "bind: a port in use");
  check_eq(sys_sock_close(uint32_t(s2)), kOk, "close");
  check_eq(sys_sock_sendto(uint32_t(s), g_buf, 1473 | 9u << 16, 0x0a000001), kErrInvalidArg, "sendto: 1473 bytes");
  check_eq(sys_sock_sendto(uint32_t(s), g_buf, 1, 0x0a000001), kErrInvalidArg, "sendto: port 0");
  check_eq(sys_sock_sendto(uint32_t(s), reinterpret_cast<void*>(kBad), 1 | 9u << 16, 0x0a000001), kErrInvalidAddress,
           "sendto: a bad buffer");
  check_eq(sys_sock_sendto(uint32_t(s), reinterpret_cast<void*>(kKernel), 1 | 9u << 16, 0x0a000001),
           kErrInvalidAddress, "sendto: a kernel buffer");
  check_eq(sys_sock_sendto(uint32_t(s), g_buf, 1 | 9u << 16, 0x0a000001), kOk,
           "sendto: held for the ARP answer (none comes in loopback)");
  check_eq(sys_sock_recvfrom(uint32_t(s), g_buf, sizeof g_buf, nullptr), kErrTimedOut, "recvfrom: the time-out");
  check_eq(sys_sock_bind(uint32_t(s), 9, 0), kOk, "bind again: no time-out");
  // Nothing printed between spawn and wait: the child prints its check while this task
  // waits, whenever this task's time slice happens to end.
  const int child_task = sys_task_spawn("sock_test", 1, 0, 0);
  const int child_status = child_task > 0 ? sys_task_wait(uint32_t(child_task)) : -1;
  check(child_task > 0, "spawn a second task");
  check_eq(child_status, 0, "it ends");
  check(sys_thread_create(child, alloc_stack(), uint32_t(s), kPriorityUser + 1) > 0, "a reader thread");
  // It blocked at once (higher priority); a second reader is refused.
  check_eq(sys_sock_recvfrom(uint32_t(s), g_buf, 1, nullptr), kErrNoSpace, "recvfrom: one reader per socket");
  // (Nothing printed until the woken reader, of higher priority, has run: the two threads
  // share ulib's line buffer.)
  const int closed = sys_sock_close(uint32_t(s));
  sys_thread_switch(0);
  check_eq(closed, kOk, "close wakes the reader");
  check_eq(sys_sock_bind(uint32_t(s), 9, 0), kErrInvalidName, "a closed socket");
  for (int i = 0; i < int(kSockMax); ++i) check(sys_sock_open() >= 0, "sock_open up to the limit");
  check_eq(sys_sock_open(), kErrNoSpace, "sock_open: no socket left");
  return failures() ? 1 : 0;
}
