// User memory access for the kernel (see usercopy.h; page-fault resolution is in vm.cpp).
#include "usercopy.h"

#include "kern/klib.h"
#include "page.h"
#include "pmap.h"
#include "task/task.h"

namespace kern {

namespace {

// The kernel view of user address va, resolving a demand-zero page; nullptr if not allowed.
uint8_t* user_page(Task* t, uint32_t va, bool write) {
  uint8_t* k = pmap_kaddr(&t->pmap, va, write);
  if (k) return k;
  if (!vm_fault(t, va, write)) return nullptr;
  return pmap_kaddr(&t->pmap, va, write);
}

uint32_t chunk(uint32_t va, uint32_t len) {
  const uint32_t room = kPageSize - (va & (kPageSize - 1));
  return len < room ? len : room;
}

}  // namespace

bool user_readable(Task* t, uint32_t uva, uint32_t len) {
  while (len) {
    if (uva >= kUserTop || !user_page(t, uva, false)) return false;
    const uint32_t n = chunk(uva, len);
    uva += n; len -= n;
  }
  return true;
}

bool copyin(Task* t, uint32_t uva, void* dst, uint32_t len) {
  auto* d = static_cast<uint8_t*>(dst);
  while (len) {
    if (uva >= kUserTop) return false;
    const uint32_t n = chunk(uva, len);
    const uint8_t* s = user_page(t, uva, false);
    if (!s) return false;
    memcpy(d, s, n);
    d += n; uva += n; len -= n;
  }
  return true;
}

bool copyout(Task* t, uint32_t uva, const void* src, uint32_t len) {
  auto* s = static_cast<const uint8_t*>(src);
  while (len) {
    if (uva >= kUserTop) return false;
    const uint32_t n = chunk(uva, len);
    uint8_t* d = user_page(t, uva, true);
    if (!d) return false;
    memcpy(d, s, n);
    s += n; uva += n; len -= n;
  }
  return true;
}

bool copy_between(Task* from, uint32_t fva, Task* to, uint32_t tva, uint32_t len) {
  while (len) {
    if (fva >= kUserTop || tva >= kUserTop) return false;
    uint32_t n = chunk(fva, len);
    const uint32_t m = chunk(tva, n);
    n = m;
    const uint8_t* s = user_page(from, fva, false);
    uint8_t* d = user_page(to, tva, true);
    if (!s || !d) return false;
    memcpy(d, s, n);
    fva += n; tva += n; len -= n;
  }
  return true;
}

}  // namespace kern
