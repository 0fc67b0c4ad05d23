// libFuzzer target for the ELF kernel-image loader (emu/loader/elf_loader.*), as --kernel
// uses it: read_elf on a file holding the input, then load_elf into 256 KiB of RAM with a
// guard page after it. Every input must either load or be refused with UserError; whatever
// read_elf accepts must keep the promises of elf_loader.h. Anything else (another
// exception, a crash, a sanitizer report, a write into the guard page) is a finding.
// tools/fuzz builds it with libFuzzer; the ordinary build replays tests/fuzz/corpus/elf/
// through tests/fuzz/replay_main.cpp. Its seeds are four tiny images that
// mipsel-linux-gnu-gcc made from a 20-line assembly program: linked with -N and
// guest/runtime/kernel.ld (kseg0, with and without symbols; kseg1 at 0xa0040000), and with
// -Ttext alone (GNU ld's read-only kuseg header segment, which the loader skips).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "emu/common/error.h"
#include "emu/loader/elf_loader.h"
#include "emu/mem/physical_bus.h"

namespace {

constexpr emu::u32 kRam = 256 * 1024;
constexpr emu::u32 kGuard = emu::PhysicalBus::kPageSize;

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "elf_fuzz: %s\n", what);
  std::abort();
}

// read_elf reads a file: one scratch file per process, rewritten for each input.
const std::string& scratch_path() {
  static const std::string path = [] {
    char name[] = "/tmp/elf-fuzz-XXXXXX";
    const int fd = ::mkstemp(name);
    check(fd >= 0, "cannot create a scratch file in /tmp");
    ::close(fd);
    std::atexit([] { ::unlink(scratch_path().c_str()); });
    return std::string(name);
  }();
  return path;
}

void write_scratch(const uint8_t* data, size_t size) {
  std::FILE* f = std::fopen(scratch_path().c_str(), "wb");
  check(f != nullptr, "cannot open the scratch file");
  check(size == 0 || std::fwrite(data, 1, size, f) == size, "cannot write the scratch file");
  std::fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  write_scratch(data, size);
  // One bus for the process (building its page table costs more than the rest of a run).
  static std::vector<emu::u8> ram(kRam + kGuard);
  static emu::PhysicalBus bus;
  static const bool mapped = (bus.map_memory("ram", 0, kRam + kGuard, ram.data(), true), true);
  (void)mapped;
  std::fill(ram.begin(), ram.end(), 0);
  try {
    const emu::ElfImage img = emu::read_elf(scratch_path());
    for (const emu::ElfSegment& s : img.segments) {
      check(s.memsz >= s.filesz, "accepted a segment with memsz < filesz");
      check(s.data.size() == s.filesz, "segment data is not filesz bytes");
      check(emu::elf_is_unmapped_kernel_address(s.vaddr), "accepted a segment outside kseg0/kseg1");
      check(s.paddr == emu::elf_virtual_to_physical(s.vaddr), "segment paddr not derived from vaddr");
    }
    for (size_t i = 1; i < img.symbols.size(); ++i)
      check(img.symbols[i - 1].value <= img.symbols[i].value, "symbols not sorted by value");
    (void)img.symbol_at(img.entry);
    emu::load_elf(img, bus, kRam);
    for (emu::u32 i = kRam; i < kRam + kGuard; ++i) check(ram[i] == 0, "load_elf wrote beyond RAM");
  } catch (const emu::UserError&) {
    // Refused with a message for the user: what bad input should get.
  }
  return 0;
}
