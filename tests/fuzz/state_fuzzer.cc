// libFuzzer entry point: state.json through the state reader (checks.h).
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string broken = hako::fuzz::check_state({reinterpret_cast<const char*>(data), size});
  if (!broken.empty()) {
    std::fprintf(stderr, "state_fuzzer: %s\n", broken.c_str());
    std::abort();
  }
  return 0;
}
