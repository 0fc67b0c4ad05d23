// The RPC fast path (fastpath.cpp): true when it handled the call (result set), false
// when the general path must (nothing has changed then).
#pragma once
#include <stdint.h>

namespace kern {

bool msg_fast(uint32_t msg, uint32_t option, uint32_t size, uint32_t rcv_size, uint32_t rcv_name,
              int* result);

}  // namespace kern
