/* System-call stubs of the network device (include/abi.h, numbers 40..59). */
        .set    noreorder
        .text
#define STUB(name, num) \
        .globl  name; .ent name; name: \
        li      $v0, num; syscall; jr $ra; nop; .end name

STUB(sys_net_info, 40)
STUB(sys_net_write, 41)
STUB(sys_filter_install, 42)
STUB(sys_filter_remove, 43)
STUB(sys_net_map, 44)

/* The in-kernel UDP sockets, the kernel's counters and boot arguments (30..39). */
STUB(sys_sock_open, 30)
STUB(sys_sock_bind, 31)
STUB(sys_sock_sendto, 32)
STUB(sys_sock_recvfrom, 33)
STUB(sys_sock_close, 34)
STUB(sys_kstat, 35)
STUB(sys_boot_arg, 36)
