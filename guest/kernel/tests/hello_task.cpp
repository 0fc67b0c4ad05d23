// The smallest user program: a system call and console output.
#include "ulib.h"

int main(uint32_t, uint32_t) {
  printf("hello from task %d\n", sys_info(kabi::kInfoTaskId));
  ulib::check_eq(sys_null(), 0, "null system call returns 0");
  return 0;
}
