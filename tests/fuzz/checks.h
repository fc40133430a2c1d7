// The properties the fuzz targets check on one input, shared by the libFuzzer entry points
// (config_fuzzer.cc, state_fuzzer.cc; clang, HAKO_FUZZ=ON) and by the corpus replay test
// (corpus_test.cc; every build), so that the committed corpus and every regression input run
// under plain ctest too. Each returns "" when the input is handled correctly, else the broken
// property. An exception escaping a reader is a defect by itself: the callers do not catch.
#pragma once

#include <string>
#include <string_view>

namespace hako::fuzz {

// spec::parse_config, then spec::validate of what parsed; spec::parse_process and
// spec::parse_resources (exec --process, update --resources) on the same bytes. An error must
// carry a non-empty, single-line message.
std::string check_config(std::string_view input);

// state::deserialize; what it accepts must survive serialize -> deserialize unchanged, and the
// numbers it kept must be the numbers the file holds (no silent truncation or rounding).
std::string check_state(std::string_view input);

}  // namespace hako::fuzz
