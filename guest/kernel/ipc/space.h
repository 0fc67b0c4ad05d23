// Port name spaces: per task, a table of entries; a name is index << 8 | generation
// (the generation changes each time an entry is reused, so a stale name does not reach a
// new right). An entry holds a receive right, send rights (counted in urefs), one
// send-once right, or a dead name.
#pragma once
#include <stdint.h>

namespace kern {

struct Port;

constexpr uint8_t kRightReceive = 1, kRightSend = 2, kRightSendOnce = 4, kRightDead = 8;
constexpr unsigned kSpaceEntries = 64;  // index 0 is never used (name 0 = null)

struct Entry {
  Port* port;
  uint16_t urefs;     // send-right user references
  uint8_t rights;     // kRight* bits; 0 = free
  uint8_t gen;
  uint8_t next_free;  // free list (index), 0 = end
};

struct Space {
  Entry entries[kSpaceEntries];
  uint8_t free_head;
};

void space_init(Space* s);
// The entry a name denotes (rights != 0), or nullptr.
inline Entry* space_lookup(Space* s, uint32_t name) {
  const uint32_t index = name >> 8;
  if (index == 0 || index >= kSpaceEntries) return nullptr;
  Entry* e = &s->entries[index];
  if (!e->rights || e->gen != (name & 0xff)) return nullptr;
  return e;
}
inline uint32_t space_name(const Space* s, const Entry* e) {
  return (static_cast<uint32_t>(e - s->entries) << 8) | e->gen;
}
// A new entry (rights 0 until the caller sets them), or nullptr when the table is full.
inline Entry* space_alloc(Space* s) {
  const unsigned i = s->free_head;
  if (!i) return nullptr;
  Entry* e = &s->entries[i];
  s->free_head = e->next_free;
  e->rights = 0;
  e->urefs = 0;
  e->port = nullptr;
  return e;
}
// Free an entry; its generation changes, so the old name no longer reaches it.
inline void space_free(Space* s, Entry* e) {
  e->rights = 0;
  e->port = nullptr;
  e->urefs = 0;
  e->gen = static_cast<uint8_t>(e->gen == 0xff ? 1 : e->gen + 1);
  e->next_free = s->free_head;
  s->free_head = static_cast<uint8_t>(e - s->entries);
}
// The entry already naming `p` with a receive or send right (Mach keeps one name per
// port for those), or nullptr.
Entry* space_find_port(Space* s, const Port* p);
// Release every right (task termination).
void space_destroy(Space* s);

}  // namespace kern
