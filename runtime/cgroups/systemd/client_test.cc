// The D-Bus client against a fake systemd on a unix socket (no systemd on this machine):
// SASL, method calls, replies, JobRemoved signals and errors, all over the real wire format.
#include "runtime/cgroups/systemd/client.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "runtime/base/sys.h"
#include "runtime/cgroups/test/fixture.h"

namespace hako::cgroups::systemd {
namespace {

struct Seen {
  std::string auth_line;
  bool begin_with_auth = false;  // BEGIN arrived before the server's OK (sd-bus's order)
  std::vector<std::string> members;
  std::string unit;
  std::vector<std::pair<std::string, std::string>> props;  // name, signature
};

class FakeSystemd {
 public:
  explicit FakeSystemd(const std::string& path) : path_(path) {
    listen_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = {};
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
    EXPECT_EQ(::bind(listen_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(listen_, 1), 0);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeSystemd() {
    join();
    ::close(listen_);
  }
  // Returns once the client has hung up; `seen` is complete then.
  void join() {
    if (thread_.joinable()) thread_.join();
  }
  Seen seen;
  std::string job_result = "done";

 private:
  void send(int fd, dbus::Message m) { (void)sys::write_all(fd, dbus::encode(m)); }
  void reply(int fd, const dbus::Message& call, std::string sig, std::string body) {
    dbus::Message r;
    r.type = dbus::Type::kMethodReturn;
    r.serial = ++serial_;
    r.reply_serial = call.serial;
    r.signature = std::move(sig);
    r.body = std::move(body);
    send(fd, r);
  }
  void job_removed(int fd, uint32_t id, const std::string& job, const std::string& unit) {
    dbus::Message s;
    s.type = dbus::Type::kSignal;
    s.serial = ++serial_;
    s.path = "/org/freedesktop/systemd1";
    s.interface = "org.freedesktop.systemd1.Manager";
    s.member = "JobRemoved";
    s.signature = "uoss";
    dbus::Writer w;
    w.u32(id);
    w.str(job);
    w.str(unit);
    w.str(job_result);
    s.body = w.data();
    send(fd, s);
  }
  void serve() {
    int fd = ::accept4(listen_, nullptr, nullptr, SOCK_CLOEXEC);
    ASSERT_GE(fd, 0);
    std::string in;
    char buf[8192];
    auto fill = [&]() {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n <= 0) return false;
      in.append(buf, static_cast<size_t>(n));
      return true;
    };
    while (in.find("\r\n") == std::string::npos && fill()) {
    }
    seen.auth_line = in.substr(0, in.find("\r\n"));
    in.erase(0, in.find("\r\n") + 2);
    // Give a pipelined BEGIN 300 ms to arrive before answering OK.
    struct pollfd p = {fd, POLLIN, 0};
    while (in.find("BEGIN\r\n") == std::string::npos && ::poll(&p, 1, 300) == 1 && fill()) {
    }
    seen.begin_with_auth = in.find("BEGIN\r\n") != std::string::npos;
    (void)sys::write_all(fd, "OK 0123456789abcdef0123456789abcdef\r\n");
    while (in.find("BEGIN\r\n") == std::string::npos && fill()) {
    }
    in.erase(0, in.find("BEGIN\r\n") + 7);
    for (;;) {
      auto size = dbus::message_size(in);
      if (!size || *size == 0 || in.size() < *size) {
        if (!fill()) break;
        continue;
      }
      auto m = dbus::decode(in.substr(0, *size));
      in.erase(0, *size);
      ASSERT_TRUE(m);
      seen.members.push_back(m->member);
      dbus::Reader rd(m->body);
      if (m->member == "Get") {
        dbus::Writer w;
        w.sig("s");
        w.str("252.22-1~deb12u1");
        reply(fd, *m, "v", w.data());
      } else if (m->member == "StartTransientUnit") {
        seen.unit = rd.str().value();
        EXPECT_EQ(rd.str().value(), "replace");
        uint32_t len = rd.u32().value();
        ASSERT_TRUE(rd.align(8));
        size_t end = rd.pos() + len;
        while (rd.pos() < end) {
          ASSERT_TRUE(rd.align(8));
          std::string name = rd.str().value();
          std::string sig = rd.sig().value();
          size_t i = 0;
          ASSERT_TRUE(rd.skip(sig, i));
          seen.props.emplace_back(name, sig);
        }
        dbus::Writer w;
        w.str("/org/freedesktop/systemd1/job/42");
        reply(fd, *m, "o", w.data());
        job_removed(fd, 42, "/org/freedesktop/systemd1/job/42", seen.unit);
      } else if (m->member == "StopUnit") {
        std::string unit = rd.str().value();
        if (unit == "missing.scope") {
          dbus::Message e;
          e.type = dbus::Type::kError;
          e.serial = ++serial_;
          e.reply_serial = m->serial;
          e.error_name = "org.freedesktop.systemd1.NoSuchUnit";
          e.signature = "s";
          dbus::Writer w;
          w.str("Unit missing.scope not loaded.");
          e.body = w.data();
          send(fd, e);
          continue;
        }
        // The signal of an unrelated job first: the client must keep waiting for its own.
        job_removed(fd, 7, "/org/freedesktop/systemd1/job/7", "other.service");
        dbus::Writer w;
        w.str("/org/freedesktop/systemd1/job/43");
        reply(fd, *m, "o", w.data());
        job_removed(fd, 43, "/org/freedesktop/systemd1/job/43", unit);
      } else {
        reply(fd, *m, "", "");
      }
    }
    ::close(fd);
  }

  std::string path_;
  int listen_ = -1;
  uint32_t serial_ = 100;
  std::thread thread_;
};

TEST(SystemdClient, StartStopAgainstFakeSystemd) {
  testing::TmpTree t;
  std::string sock = t.path("private");
  FakeSystemd fake(sock);
  {
    auto c = Client::connect_to(sock, false);
    ASSERT_TRUE(c) << c.error().to_string();
    EXPECT_EQ(c->version().value(), 252);
    if (::geteuid() != 0) GTEST_SKIP() << "the expected AUTH line below is for uid 0";
    std::vector<dbus::Property> props = {{"Slice", std::string("system.slice")}, {"Delegate", true},
                                         {"PIDs", std::vector<uint32_t>{1}}};
    ASSERT_TRUE(c->start_transient_unit("hako-x.scope", props));
    ASSERT_TRUE(c->stop_unit("hako-x.scope"));
    EXPECT_TRUE(c->stop_unit("missing.scope"));  // NoSuchUnit: nothing to stop
  }
  fake.join();
  EXPECT_EQ(fake.seen.auth_line, std::string(1, '\0') + "AUTH EXTERNAL 30");  // uid 0 -> "0" -> hex 30
  // BEGIN goes out with AUTH: sent after the OK, systemd 252 can leave the first call unread.
  EXPECT_TRUE(fake.seen.begin_with_auth);
  EXPECT_EQ(fake.seen.members, (std::vector<std::string>{"Get", "Subscribe", "StartTransientUnit", "StopUnit",
                                                         "ResetFailedUnit", "StopUnit"}));
  EXPECT_EQ(fake.seen.unit, "hako-x.scope");
  EXPECT_EQ(fake.seen.props, (std::vector<std::pair<std::string, std::string>>{
                                 {"Slice", "s"}, {"Delegate", "b"}, {"PIDs", "au"}}));
}

}  // namespace
}  // namespace hako::cgroups::systemd
