// Runs a libFuzzer entry point (LLVMFuzzerTestOneInput) over files, or over every file in
// the directories given: the seed corpus replayed in the ordinary test run, without
// libFuzzer. Exit 0 when every input passed (a finding aborts).
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {
void replay(const std::filesystem::path& p, unsigned& n) {
  std::ifstream in(p, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  ++n;
}
}  // namespace

int main(int argc, char** argv) {
  unsigned n = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p))
        if (e.is_regular_file()) replay(e.path(), n);
    } else {
      replay(p, n);
    }
  }
  std::printf("replayed %u inputs\n", n);
  return n ? 0 : 1;
}
