/* System-call stubs: v0 = number, arguments already in a0-a3; the fifth and sixth
   (o32: at 16(sp) and 20(sp) of the caller) go in t0 and t1 (include/abi.h). */
        .set    noreorder
        .text
#define STUB(name, num) \
        .globl  name; .ent name; name: \
        li      $v0, num; syscall; jr $ra; nop; .end name

#define STUB6(name, num) \
        .globl  name; .ent name; name: \
        lw      $t0, 16($sp); lw $t1, 20($sp); li $v0, num; syscall; jr $ra; nop; .end name

STUB(sys_null, 0)
STUB(sys_write, 1)
STUB(sys_task_exit, 2)
STUB(sys_thread_create, 3)
STUB(sys_thread_exit, 4)
STUB(sys_thread_switch, 5)
STUB(sys_thread_sleep, 6)
STUB(sys_clock, 7)
STUB(sys_port_allocate, 8)
STUB(sys_port_destroy, 9)
STUB6(sys_msg, 10)
STUB(sys_task_spawn, 11)
STUB(sys_task_wait, 12)
STUB(sys_cache_flush, 13)
STUB(sys_info, 14)
STUB(sys_make_send, 15)
STUB(sys_thread_priority, 16)
/* VM, exceptions, thread state, notifications, emulation, devices (19..29) */
STUB(sys_vm_allocate, 19)
STUB(sys_vm_deallocate, 20)
STUB(sys_vm_protect, 21)
STUB(sys_vm_share, 22)
STUB(sys_task_set_exception_port, 23)
STUB(sys_thread_get_state, 24)
STUB(sys_thread_set_state, 25)
STUB(sys_port_request_notification, 26)
STUB(sys_task_set_emulation, 27)
STUB(sys_device_open, 28)
STUB(sys_device_write, 29)
/* the user runtime (60..63) */
STUB(sys_ras_register, 60)

/* rpc_short and reply_wait are inline, in ulib.h: they do not preserve s0-s8. */
