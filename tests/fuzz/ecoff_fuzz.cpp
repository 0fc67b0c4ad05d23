// libFuzzer target for the ECOFF kernel-image loader (emu/loader/ecoff_loader.*), through
// read_image as --kernel uses it. Inputs that do not start with an ECOFF magic number are
// given one, so the fuzzer spends its time past the magic check. Every input must either
// load into 1 MiB of RAM or be refused with UserError; anything else (another exception, a
// crash, a sanitizer report) is a bug. Built only by the fuzz build (not part of emu_tests):
//   clang++ -fsanitize=fuzzer,address,undefined ... tests/fuzz/ecoff_fuzz.cpp -lemu_core ...
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "emu/common/error.h"
#include "emu/loader/ecoff_loader.h"
#include "emu/loader/image.h"

namespace {

constexpr emu::u32 kRam = 1024 * 1024;

// The loaders read files: one scratch file per fuzzing process, rewritten for each input.
const std::string& scratch_path() {
  static const std::string path = [] {
    char name[] = "/tmp/ecoff-fuzz-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0) std::abort();
    ::close(fd);
    return std::string(name);
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<emu::u8> bytes(data, data + size);
  if (!emu::is_ecoff_magic(bytes.data(), bytes.size())) {
    if (bytes.size() < 2) bytes.resize(2);
    bytes[0] = 0x62;  // MIPSELMAGIC 0x0162, little-endian
    bytes[1] = 0x01;
  }
  std::FILE* f = std::fopen(scratch_path().c_str(), "wb");
  if (!f) std::abort();
  if (std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) std::abort();
  std::fclose(f);

  static std::vector<emu::u8> ram(kRam);
  static emu::PhysicalBus* const bus = [] {
    auto* b = new emu::PhysicalBus;  // lives as long as the fuzzing process
    b->map_memory("ram", 0, kRam, ram.data(), true);
    return b;
  }();
  try {
    emu::LoadedImage image = emu::read_image(scratch_path());
    emu::load_image(image, *bus, kRam);
  } catch (const emu::UserError&) {
    // a refused image: the expected outcome for most inputs
  }
  return 0;
}
