// hako::cgroups::systemd::dbus — the D-Bus wire format (little endian), just enough for the
// systemd calls the driver makes: marshalling of basic types, arrays, structs and variants,
// message headers, and a reader for replies and signals. Written from the D-Bus
// specification ("Message Protocol"); no libdbus/libsystemd (the hako binary is static).
// Pure; roles: parent only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/base/result.h"

namespace hako::cgroups::systemd::dbus {

class Writer {
 public:
  void align(size_t n);
  void byte(uint8_t v);
  void boolean(bool v) { u32(v ? 1 : 0); }
  void u32(uint32_t v);
  void u64(uint64_t v);
  void str(std::string_view s);  // 's' and 'o'
  void sig(std::string_view s);  // 'g'
  // Arrays: open() returns a token for close(), which patches the byte length in.
  size_t open_array(size_t element_alignment);
  void close_array(size_t token);
  void open_struct() { align(8); }
  const std::string& data() const { return buf_; }
  std::string& data() { return buf_; }

 private:
  std::string buf_;
};

class Reader {
 public:
  explicit Reader(std::string_view buf, size_t pos = 0) : buf_(buf), pos_(pos) {}
  Status align(size_t n);
  Result<uint8_t> byte();
  Result<uint32_t> u32();
  Result<uint64_t> u64();
  Result<std::string> str();
  Result<std::string> sig();
  // Skips one complete value of signature `sig` (starting at sig[i]); i moves past it.
  Status skip(std::string_view sig, size_t& i);
  size_t pos() const { return pos_; }
  size_t size() const { return buf_.size(); }

 private:
  Status need(size_t n);
  std::string_view buf_;
  size_t pos_;
};

enum class Type : uint8_t { kInvalid = 0, kMethodCall = 1, kMethodReturn = 2, kError = 3, kSignal = 4 };

struct Message {
  Type type = Type::kMethodCall;
  uint8_t flags = 0;
  uint32_t serial = 0;
  std::string path, interface, member, error_name, destination, sender, signature;
  uint32_t reply_serial = 0;
  std::string body;  // marshalled body, starting 8-aligned
};

std::string encode(const Message& m);
// Total byte length of the message at the start of `buf` once its fixed header is there
// (0: need more bytes).
Result<size_t> message_size(std::string_view buf);
Result<Message> decode(std::string_view buf);

// A systemd unit property value: b, s, t, au, ay, a(ss), as.
using Value = std::variant<bool, std::string, uint64_t, std::vector<uint32_t>, std::vector<uint8_t>,
                           std::vector<std::pair<std::string, std::string>>, std::vector<std::string>>;
struct Property {
  std::string name;
  Value value;
  bool operator==(const Property&) const = default;
};
const char* signature_of(const Value& v);
// a(sv)
void write_properties(Writer& w, const std::vector<Property>& props);

}  // namespace hako::cgroups::systemd::dbus
