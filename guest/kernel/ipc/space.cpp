// Port name spaces (see space.h).
#include "space.h"

#include "kmsg.h"
#include "port.h"

namespace kern {

void space_init(Space* s) {
  for (unsigned i = 0; i < kSpaceEntries; ++i) {
    s->entries[i] = Entry{};
    s->entries[i].gen = 1;
    s->entries[i].next_free = static_cast<uint8_t>(i + 1 < kSpaceEntries ? i + 1 : 0);
  }
  s->free_head = 1;  // index 0 stays unused
}

Entry* space_find_port(Space* s, const Port* p) {
  for (unsigned i = 1; i < kSpaceEntries; ++i) {
    Entry* e = &s->entries[i];
    if (e->port == p && (e->rights & (kRightReceive | kRightSend))) return e;
  }
  return nullptr;
}

void space_destroy(Space* s) {
  for (unsigned i = 1; i < kSpaceEntries; ++i) {
    Entry* e = &s->entries[i];
    if (!e->rights) continue;
    Port* p = e->port;
    const uint8_t r = e->rights;
    space_free(s, e);
    if (!p) continue;
    if (r & kRightReceive) port_kill(p);
    if (r & kRightSendOnce) notify_send_once(p);
    if (r & kRightSend) sright_drop(p);
    port_release(p);  // one reference per entry
  }
}

}  // namespace kern
