#include "runtime/cgroups/systemd/dbus_wire.h"

#include <cerrno>
#include <cstring>

#include "runtime/base/str.h"

namespace hako::cgroups::systemd::dbus {

void Writer::align(size_t n) {
  while (buf_.size() % n) buf_.push_back('\0');
}

void Writer::byte(uint8_t v) { buf_.push_back(static_cast<char>(v)); }

void Writer::u32(uint32_t v) {
  align(4);
  for (int i = 0; i < 4; ++i) buf_.push_back(static_cast<char>(v >> (8 * i)));
}

void Writer::u64(uint64_t v) {
  align(8);
  for (int i = 0; i < 8; ++i) buf_.push_back(static_cast<char>(v >> (8 * i)));
}

void Writer::str(std::string_view s) {
  u32(static_cast<uint32_t>(s.size()));
  buf_.append(s);
  buf_.push_back('\0');
}

void Writer::sig(std::string_view s) {
  byte(static_cast<uint8_t>(s.size()));
  buf_.append(s);
  buf_.push_back('\0');
}

size_t Writer::open_array(size_t element_alignment) {
  u32(0);
  size_t len_at = buf_.size() - 4;
  align(element_alignment);  // padding before the first element is not counted
  // Token: where the length is, and (in the high bits) where the elements start.
  return len_at | (buf_.size() << 32);
}

void Writer::close_array(size_t token) {
  size_t len_at = token & 0xffffffffu;
  size_t start = token >> 32;
  uint32_t len = static_cast<uint32_t>(buf_.size() - start);
  for (int i = 0; i < 4; ++i) buf_[len_at + i] = static_cast<char>(len >> (8 * i));
}

Status Reader::need(size_t n) {
  if (pos_ + n > buf_.size()) return Error::with_code(EBADMSG, "dbus: truncated message");
  return {};
}

Status Reader::align(size_t n) {
  size_t p = (pos_ + n - 1) / n * n;
  if (p > buf_.size()) return Error::with_code(EBADMSG, "dbus: truncated message");
  pos_ = p;
  return {};
}

Result<uint8_t> Reader::byte() {
  HAKO_TRY(need(1));
  return static_cast<uint8_t>(buf_[pos_++]);
}

Result<uint32_t> Reader::u32() {
  HAKO_TRY(align(4));
  HAKO_TRY(need(4));
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<uint8_t>(buf_[pos_ + i])) << (8 * i);
  pos_ += 4;
  return v;
}

Result<uint64_t> Reader::u64() {
  HAKO_TRY(align(8));
  HAKO_TRY(need(8));
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(buf_[pos_ + i])) << (8 * i);
  pos_ += 8;
  return v;
}

Result<std::string> Reader::str() {
  HAKO_ASSIGN_OR_RETURN(uint32_t n, u32());
  HAKO_TRY(need(size_t{n} + 1));
  std::string s(buf_.substr(pos_, n));
  pos_ += n + 1;
  return s;
}

Result<std::string> Reader::sig() {
  HAKO_ASSIGN_OR_RETURN(uint8_t n, byte());
  HAKO_TRY(need(size_t{n} + 1));
  std::string s(buf_.substr(pos_, n));
  pos_ += n + 1;
  return s;
}

namespace {
size_t alignment_of(char c) {
  switch (c) {
    case 'y': case 'g': case 'v': return 1;
    case 'n': case 'q': return 2;
    case 'x': case 't': case 'd': case '(': case '{': return 8;
    default: return 4;  // b i u h s o a
  }
}

// Index just past the single complete type starting at sig[i].
Result<size_t> end_of_type(std::string_view sig, size_t i) {
  if (i >= sig.size()) return Error::with_code(EBADMSG, "dbus: bad signature");
  char c = sig[i];
  if (c == 'a') return end_of_type(sig, i + 1);
  if (c == '(' || c == '{') {
    char close = c == '(' ? ')' : '}';
    ++i;
    while (i < sig.size() && sig[i] != close) {
      HAKO_ASSIGN_OR_RETURN(i, end_of_type(sig, i));
    }
    if (i >= sig.size()) return Error::with_code(EBADMSG, "dbus: bad signature");
    return i + 1;
  }
  return i + 1;
}
}  // namespace

Status Reader::skip(std::string_view sig, size_t& i) {
  if (i >= sig.size()) return Error::with_code(EBADMSG, "dbus: bad signature");
  char c = sig[i];
  switch (c) {
    case 'y': HAKO_TRY(byte()); ++i; return {};
    case 'n': case 'q': HAKO_TRY(align(2)); HAKO_TRY(need(2)); pos_ += 2; ++i; return {};
    case 'b': case 'i': case 'u': case 'h': HAKO_TRY(u32()); ++i; return {};
    case 'x': case 't': case 'd': HAKO_TRY(u64()); ++i; return {};
    case 's': case 'o': HAKO_TRY(str()); ++i; return {};
    case 'g': HAKO_TRY(this->sig()); ++i; return {};
    case 'v': {
      HAKO_ASSIGN_OR_RETURN(std::string inner, this->sig());
      size_t j = 0;
      HAKO_TRY(skip(inner, j));
      ++i;
      return {};
    }
    case 'a': {
      HAKO_ASSIGN_OR_RETURN(uint32_t len, u32());
      HAKO_TRY(align(alignment_of(sig[i + 1])));
      HAKO_TRY(need(len));
      pos_ += len;
      HAKO_ASSIGN_OR_RETURN(i, end_of_type(sig, i));
      return {};
    }
    case '(': case '{': {
      HAKO_TRY(align(8));
      char close = c == '(' ? ')' : '}';
      ++i;
      while (i < sig.size() && sig[i] != close) HAKO_TRY(skip(sig, i));
      ++i;
      return {};
    }
    default:
      return Error::with_code(EBADMSG, str_cat("dbus: unsupported type ", quote(std::string(1, c))));
  }
}

namespace {
enum Field : uint8_t { kPath = 1, kInterface = 2, kMember = 3, kErrorName = 4, kReplySerial = 5,
                       kDestination = 6, kSender = 7, kSignature = 8 };

void header_field(Writer& w, Field code, char type, std::string_view v) {
  w.open_struct();
  w.byte(code);
  w.sig(std::string_view(&type, 1));
  if (type == 'g') w.sig(v);
  else w.str(v);
}
}  // namespace

std::string encode(const Message& m) {
  Writer w;
  w.byte('l');
  w.byte(static_cast<uint8_t>(m.type));
  w.byte(m.flags);
  w.byte(1);
  w.u32(static_cast<uint32_t>(m.body.size()));
  w.u32(m.serial);
  size_t arr = w.open_array(8);
  if (!m.path.empty()) header_field(w, kPath, 'o', m.path);
  if (!m.interface.empty()) header_field(w, kInterface, 's', m.interface);
  if (!m.member.empty()) header_field(w, kMember, 's', m.member);
  if (!m.error_name.empty()) header_field(w, kErrorName, 's', m.error_name);
  if (m.reply_serial) {
    w.open_struct();
    w.byte(kReplySerial);
    w.sig("u");
    w.u32(m.reply_serial);
  }
  if (!m.destination.empty()) header_field(w, kDestination, 's', m.destination);
  if (!m.sender.empty()) header_field(w, kSender, 's', m.sender);
  if (!m.signature.empty()) header_field(w, kSignature, 'g', m.signature);
  w.close_array(arr);
  w.align(8);
  w.data().append(m.body);
  return w.data();
}

Result<size_t> message_size(std::string_view buf) {
  if (buf.size() < 16) return size_t{0};
  if (buf[0] != 'l') return Error::with_code(EBADMSG, "dbus: only little-endian messages are supported");
  Reader r(buf, 4);
  HAKO_ASSIGN_OR_RETURN(uint32_t body, r.u32());
  HAKO_TRY(r.u32());
  HAKO_ASSIGN_OR_RETURN(uint32_t fields, r.u32());
  size_t header = (16 + size_t{fields} + 7) / 8 * 8;
  return header + body;
}

Result<Message> decode(std::string_view buf) {
  HAKO_ASSIGN_OR_RETURN(size_t total, message_size(buf));
  if (total == 0 || buf.size() < total) return Error::with_code(EBADMSG, "dbus: truncated message");
  Message m;
  Reader r(buf, 1);
  HAKO_ASSIGN_OR_RETURN(uint8_t type, r.byte());
  m.type = static_cast<Type>(type);
  HAKO_ASSIGN_OR_RETURN(m.flags, r.byte());
  HAKO_TRY(r.byte());
  HAKO_ASSIGN_OR_RETURN(uint32_t body_len, r.u32());
  HAKO_ASSIGN_OR_RETURN(m.serial, r.u32());
  HAKO_ASSIGN_OR_RETURN(uint32_t fields_len, r.u32());
  size_t end = r.pos() + fields_len;
  while (r.pos() < end) {
    HAKO_TRY(r.align(8));
    HAKO_ASSIGN_OR_RETURN(uint8_t code, r.byte());
    HAKO_ASSIGN_OR_RETURN(std::string sig, r.sig());
    if (sig == "u") {
      HAKO_ASSIGN_OR_RETURN(uint32_t v, r.u32());
      if (code == kReplySerial) m.reply_serial = v;
      continue;
    }
    if (sig == "g") {
      HAKO_ASSIGN_OR_RETURN(std::string v, r.sig());
      if (code == kSignature) m.signature = v;
      continue;
    }
    if (sig == "s" || sig == "o") {
      HAKO_ASSIGN_OR_RETURN(std::string v, r.str());
      switch (code) {
        case kPath: m.path = v; break;
        case kInterface: m.interface = v; break;
        case kMember: m.member = v; break;
        case kErrorName: m.error_name = v; break;
        case kDestination: m.destination = v; break;
        case kSender: m.sender = v; break;
        default: break;
      }
      continue;
    }
    size_t i = 0;
    HAKO_TRY(r.skip(sig, i));  // unknown header field: skip
  }
  size_t body_at = (end + 7) / 8 * 8;
  m.body = std::string(buf.substr(body_at, body_len));
  return m;
}

const char* signature_of(const Value& v) {
  static const char* sigs[] = {"b", "s", "t", "au", "ay", "a(ss)", "as"};
  return sigs[v.index()];
}

void write_properties(Writer& w, const std::vector<Property>& props) {
  size_t arr = w.open_array(8);
  for (const auto& p : props) {
    w.open_struct();
    w.str(p.name);
    w.sig(signature_of(p.value));
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, bool>) {
            w.boolean(v);
          } else if constexpr (std::is_same_v<T, std::string>) {
            w.str(v);
          } else if constexpr (std::is_same_v<T, uint64_t>) {
            w.u64(v);
          } else if constexpr (std::is_same_v<T, std::vector<uint32_t>>) {
            size_t a = w.open_array(4);
            for (uint32_t x : v) w.u32(x);
            w.close_array(a);
          } else if constexpr (std::is_same_v<T, std::vector<uint8_t>>) {
            size_t a = w.open_array(1);
            for (uint8_t x : v) w.byte(x);
            w.close_array(a);
          } else if constexpr (std::is_same_v<T, std::vector<std::pair<std::string, std::string>>>) {
            size_t a = w.open_array(8);
            for (const auto& [x, y] : v) {
              w.open_struct();
              w.str(x);
              w.str(y);
            }
            w.close_array(a);
          } else {
            size_t a = w.open_array(4);
            for (const auto& x : v) w.str(x);
            w.close_array(a);
          }
        },
        p.value);
  }
  w.close_array(arr);
}

}  // namespace hako::cgroups::systemd::dbus
