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
