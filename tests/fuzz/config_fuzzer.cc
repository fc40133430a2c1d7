// libFuzzer entry point: config.json through the parser and validator (checks.h).
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string broken = hako::fuzz::check_config({reinterpret_cast<const char*>(data), size});
  if (!broken.empty()) {
    std::fprintf(stderr, "config_fuzzer: %s\n", broken.c_str());
    std::abort();
  }
  return 0;
}
