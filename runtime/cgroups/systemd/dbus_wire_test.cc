#include "runtime/cgroups/systemd/dbus_wire.h"

#include <gtest/gtest.h>

namespace hako::cgroups::systemd::dbus {
namespace {

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int x : b) s.push_back(static_cast<char>(x));
  return s;
}
std::string pad(size_t n) { return std::string(n, '\0'); }

// org.freedesktop.DBus.Hello laid out by hand from the specification: fixed header, header
// field array (length 0x6d = 109), each field struct 8-aligned, then padding to 8.
TEST(DbusWire, HelloMatchesTheSpecLayout) {
  Message m;
  m.serial = 1;
  m.path = "/org/freedesktop/DBus";
  m.interface = "org.freedesktop.DBus";
  m.member = "Hello";
  m.destination = "org.freedesktop.DBus";
  std::string want = "l" + bytes({1, 0, 1}) + bytes({0, 0, 0, 0}) + bytes({1, 0, 0, 0}) + bytes({109, 0, 0, 0}) +
                     bytes({1, 1, 'o', 0}) + bytes({21, 0, 0, 0}) + "/org/freedesktop/DBus" + pad(1) + pad(2) +
                     bytes({2, 1, 's', 0}) + bytes({20, 0, 0, 0}) + "org.freedesktop.DBus" + pad(1) + pad(3) +
                     bytes({3, 1, 's', 0}) + bytes({5, 0, 0, 0}) + "Hello" + pad(1) + pad(2) +
                     bytes({6, 1, 's', 0}) + bytes({20, 0, 0, 0}) + "org.freedesktop.DBus" + pad(1) + pad(3);
  std::string got = encode(m);
  EXPECT_EQ(got.size(), 128u);
  EXPECT_EQ(got, want);
  EXPECT_EQ(message_size(got).value(), 128u);
  auto d = decode(got);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->member, "Hello");
  EXPECT_EQ(d->destination, "org.freedesktop.DBus");
  EXPECT_EQ(d->serial, 1u);
}

TEST(DbusWire, ReplyRoundTripWithBody) {
  Message r;
  r.type = Type::kMethodReturn;
  r.serial = 7;
  r.reply_serial = 3;
  r.signature = "o";
  Writer w;
  w.str("/org/freedesktop/systemd1/job/42");
  r.body = w.data();
  auto d = decode(encode(r));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->type, Type::kMethodReturn);
  EXPECT_EQ(d->reply_serial, 3u);
  EXPECT_EQ(d->signature, "o");
  Reader rd(d->body);
  EXPECT_EQ(rd.str().value(), "/org/freedesktop/systemd1/job/42");
  EXPECT_FALSE(decode(encode(r).substr(0, 20)));
}

TEST(DbusWire, PropertiesArrayLayout) {
  Writer w;
  write_properties(w, {{"Delegate", true}, {"PIDs", std::vector<uint32_t>{42}}, {"MemoryMax", uint64_t{1} << 20}});
  // Offsets: length at 0, elements from 8; structs at 8, 32 and 56; the u64 8-aligned at 80.
  std::string want = bytes({0x50, 0, 0, 0}) + pad(4) +
                     bytes({8, 0, 0, 0}) + "Delegate" + pad(1) + bytes({1, 'b', 0}) + bytes({1, 0, 0, 0}) +
                     pad(4) + bytes({4, 0, 0, 0}) + "PIDs" + pad(1) + bytes({2, 'a', 'u', 0}) + pad(3) +
                     bytes({4, 0, 0, 0}) + bytes({42, 0, 0, 0}) +
                     bytes({9, 0, 0, 0}) + "MemoryMax" + pad(1) + bytes({1, 't', 0}) + pad(7) +
                     bytes({0, 0, 16, 0, 0, 0, 0, 0});
  ASSERT_EQ(want.size(), 88u);
  EXPECT_EQ(w.data(), want);
  // And the reader can walk it generically.
  Reader rd(w.data());
  size_t i = 0;
  ASSERT_TRUE(rd.skip("a(sv)", i));
  EXPECT_EQ(rd.pos(), w.data().size());
}

}  // namespace
}  // namespace hako::cgroups::systemd::dbus
