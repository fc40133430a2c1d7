#include "runtime/cgroups/systemd/client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "runtime/base/parse_int.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::cgroups::systemd {

namespace {

constexpr const char* kService = "org.freedesktop.systemd1";
constexpr const char* kPath = "/org/freedesktop/systemd1";
constexpr const char* kManager = "org.freedesktop.systemd1.Manager";

long now_ms() {
  struct timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

Status poll_in(int fd, long deadline) {
  for (;;) {
    long left = deadline - now_ms();
    if (left <= 0) return Error::with_code(ETIMEDOUT, "dbus: timed out waiting for systemd");
    struct pollfd p = {fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left));
    if (r > 0) return {};
    if (r < 0 && errno != EINTR) return Error::from_errno(errno, "dbus: poll");
  }
}

}  // namespace

Result<Connection> Connection::open(const std::string& socket_path, bool bus) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Error::from_errno(errno, "dbus: socket");
  UniqueFd sock(fd);
  struct sockaddr_un addr;
  std::memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof addr.sun_path) return Error::invalid(str_cat("dbus: socket path too long: ", quote(socket_path)));
  std::memcpy(addr.sun_path, socket_path.data(), socket_path.size());
  if (::connect(sock.get(), reinterpret_cast<struct sockaddr*>(&addr), sizeof addr) < 0)
    return Error::from_errno(errno, str_cat("dbus: connect ", quote(socket_path)));
  Connection c(std::move(sock), bus);
  HAKO_TRY(c.auth());
  if (bus) {
    dbus::Message hello;
    hello.path = "/org/freedesktop/DBus";
    hello.interface = "org.freedesktop.DBus";
    hello.member = "Hello";
    hello.destination = "org.freedesktop.DBus";
    HAKO_TRY(c.call(std::move(hello)));
  }
  return c;
}

Status Connection::auth() {
  // "\0AUTH EXTERNAL <hex of the decimal uid>\r\nBEGIN\r\n" -> "OK <guid>\r\n". BEGIN goes out
  // with AUTH, before the OK, as sd-bus's own client sends it. Sent after the OK, it may reach
  // systemd (252, /run/systemd/private) in one read with the first method call, which then sits
  // in sd-bus's input buffer unprocessed until more bytes arrive: the call times out (seen in
  // the VM profile `systemd`, docs/vm.md). Sent with AUTH, the server has consumed BEGIN before
  // it answers OK, so the first call always arrives on its own.
  std::string uid = std::to_string(::geteuid());
  std::string hex;
  static const char* digits = "0123456789abcdef";
  for (unsigned char ch : uid) hex += str_cat(digits[ch >> 4], digits[ch & 15]);
  std::string hello = str_cat(std::string(1, '\0'), "AUTH EXTERNAL ", hex, "\r\nBEGIN\r\n");
  HAKO_TRY(sys::write_all(fd_.get(), hello));
  long deadline = now_ms() + 10000;
  std::string line;
  while (line.find("\r\n") == std::string::npos) {
    HAKO_TRY(poll_in(fd_.get(), deadline));
    char buf[256];
    ssize_t n = ::read(fd_.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error::from_errno(errno, "dbus: read auth reply");
    if (n == 0) return Error::with_code(ECONNRESET, "dbus: connection closed during auth");
    line.append(buf, static_cast<size_t>(n));
  }
  if (line.rfind("OK ", 0) != 0)
    return Error::with_code(EACCES, str_cat("dbus: authentication refused: ", quote(sys::trim(line))));
  in_ = line.substr(line.find("\r\n") + 2);  // anything after the line is message data
  return {};
}

Status Connection::send(const dbus::Message& m) { return sys::write_all(fd_.get(), dbus::encode(m)); }

Result<dbus::Message> Connection::receive(int timeout_ms) {
  long deadline = now_ms() + timeout_ms;
  for (;;) {
    HAKO_ASSIGN_OR_RETURN(size_t size, dbus::message_size(in_));
    if (size && in_.size() >= size) {
      auto m = dbus::decode(std::string_view(in_).substr(0, size));
      in_.erase(0, size);
      return m;
    }
    HAKO_TRY(poll_in(fd_.get(), deadline));
    char buf[8192];
    ssize_t n = ::read(fd_.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error::from_errno(errno, "dbus: read");
    if (n == 0) return Error::with_code(ECONNRESET, "dbus: connection closed by peer");
    in_.append(buf, static_cast<size_t>(n));
  }
}

Result<dbus::Message> Connection::call(dbus::Message m, int timeout_ms) {
  m.type = dbus::Type::kMethodCall;
  m.serial = ++serial_;
  HAKO_TRY(send(m));
  long deadline = now_ms() + timeout_ms;
  for (;;) {
    HAKO_ASSIGN_OR_RETURN(dbus::Message r, receive(static_cast<int>(std::max(1L, deadline - now_ms()))));
    if (r.type == dbus::Type::kSignal) {
      signals_.push_back(std::move(r));
      continue;
    }
    if (r.reply_serial != m.serial) continue;
    if (r.type == dbus::Type::kError) {
      std::string text;
      if (r.signature.rfind("s", 0) == 0) {
        dbus::Reader rd(r.body);
        if (auto s = rd.str()) text = *s;
      }
      return Error::with_code(EIO, str_cat(m.member, ": ", r.error_name, text.empty() ? "" : ": ", text));
    }
    return r;
  }
}

Result<dbus::Message> Connection::wait_signal(const std::function<bool(const dbus::Message&)>& match,
                                              int timeout_ms) {
  for (auto it = signals_.begin(); it != signals_.end(); ++it) {
    if (match(*it)) {
      dbus::Message m = std::move(*it);
      signals_.erase(it);
      return m;
    }
  }
  long deadline = now_ms() + timeout_ms;
  for (;;) {
    HAKO_ASSIGN_OR_RETURN(dbus::Message r, receive(static_cast<int>(std::max(1L, deadline - now_ms()))));
    if (r.type == dbus::Type::kSignal && match(r)) return r;
  }
}

Result<Client> Client::connect_to(const std::string& socket_path, bool bus) {
  HAKO_ASSIGN_OR_RETURN(Connection c, Connection::open(socket_path, bus));
  return Client(std::move(c));
}

Result<Client> Client::connect(bool rootless) {
  std::string bus_path;
  if (rootless) {
    const char* addr = std::getenv("DBUS_SESSION_BUS_ADDRESS");
    const char* xdg = std::getenv("XDG_RUNTIME_DIR");
    if (addr && std::strncmp(addr, "unix:path=", 10) == 0) bus_path = addr + 10;
    else if (xdg && *xdg) bus_path = str_cat(xdg, "/bus");
    else return Error::with_code(ENOENT, "systemd cgroup driver (rootless): no user bus (DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR unset)");
    return connect_to(bus_path.substr(0, bus_path.find(',')), true);
  }
  if (sys::path_exists("/run/systemd/private")) {
    auto c = connect_to("/run/systemd/private", false);
    if (c) return c;
  }
  const char* addr = std::getenv("DBUS_SYSTEM_BUS_ADDRESS");
  bus_path = addr && std::strncmp(addr, "unix:path=", 10) == 0 ? std::string(addr + 10) : "/run/dbus/system_bus_socket";
  bus_path = bus_path.substr(0, bus_path.find(','));
  auto c = connect_to(bus_path, true);
  if (!c) return std::move(c).error().context("systemd cgroup driver: neither /run/systemd/private nor the system bus answers (is systemd PID 1?)");
  return c;
}

dbus::Message Client::manager_call(const char* member, std::string signature, std::string body) {
  dbus::Message m;
  m.path = kPath;
  m.interface = kManager;
  m.member = member;
  if (conn_.is_bus()) m.destination = kService;
  m.signature = std::move(signature);
  m.body = std::move(body);
  return m;
}

Status Client::subscribe() {
  if (subscribed_) return {};
  if (conn_.is_bus()) {
    dbus::Message add;
    add.path = "/org/freedesktop/DBus";
    add.interface = "org.freedesktop.DBus";
    add.member = "AddMatch";
    add.destination = "org.freedesktop.DBus";
    add.signature = "s";
    dbus::Writer w;
    w.str("type='signal',sender='org.freedesktop.systemd1',interface='org.freedesktop.systemd1.Manager',member='JobRemoved'");
    add.body = w.data();
    HAKO_TRY(conn_.call(std::move(add)));
  }
  HAKO_TRY(conn_.call(manager_call("Subscribe", "", "")));
  subscribed_ = true;
  return {};
}

Result<int> Client::version() {
  if (version_ >= 0) return version_;
  dbus::Message m;
  m.path = kPath;
  m.interface = "org.freedesktop.DBus.Properties";
  m.member = "Get";
  if (conn_.is_bus()) m.destination = kService;
  m.signature = "ss";
  dbus::Writer w;
  w.str(kManager);
  w.str("Version");
  m.body = w.data();
  HAKO_ASSIGN_OR_RETURN(dbus::Message r, conn_.call(std::move(m)));
  dbus::Reader rd(r.body);
  HAKO_ASSIGN_OR_RETURN(std::string sig, rd.sig());
  if (sig != "s") return Error::with_code(EBADMSG, "systemd Version: not a string");
  HAKO_ASSIGN_OR_RETURN(std::string v, rd.str());
  // "252.22-1~deb12u1" / "v255"
  size_t i = v.find_first_of("0123456789");
  version_ = i == std::string::npos ? 0 : parse_int_prefix<int>(std::string_view(v).substr(i)).value_or(0);
  return version_;
}

std::string start_transient_unit_body(const std::string& unit, const std::vector<dbus::Property>& props) {
  dbus::Writer w;
  w.str(unit);
  w.str("replace");
  dbus::write_properties(w, props);
  size_t aux = w.open_array(8);  // a(sa(sv)): no auxiliary units
  w.close_array(aux);
  return w.data();
}

Status Client::wait_job(const std::string& job, const std::string& unit, const char* what) {
  auto sig = conn_.wait_signal(
      [&](const dbus::Message& m) {
        if (m.member != "JobRemoved") return false;
        dbus::Reader rd(m.body);
        if (!rd.u32()) return false;
        auto path = rd.str();
        return path && *path == job;
      },
      30000);
  if (!sig) return std::move(sig).error().context(str_cat(what, " ", quote(unit)));
  dbus::Reader rd(sig->body);
  HAKO_TRY(rd.u32());
  HAKO_TRY(rd.str());
  HAKO_TRY(rd.str());
  HAKO_ASSIGN_OR_RETURN(std::string result, rd.str());
  if (result != "done")
    return Error::with_code(EIO, str_cat(what, " ", quote(unit), ": job finished with ", quote(result)));
  return {};
}

Status Client::start_transient_unit(const std::string& unit, const std::vector<dbus::Property>& props) {
  HAKO_TRY(subscribe());
  auto r = conn_.call(manager_call("StartTransientUnit", "ssa(sv)a(sa(sv))", start_transient_unit_body(unit, props)));
  if (!r) return std::move(r).error().context(str_cat("start unit ", quote(unit)));
  dbus::Reader rd(r->body);
  HAKO_ASSIGN_OR_RETURN(std::string job, rd.str());
  auto st = wait_job(job, unit, "start unit");
  if (!st) (void)reset_failed_unit(unit);
  return st;
}

Status Client::stop_unit(const std::string& unit) {
  HAKO_TRY(subscribe());
  dbus::Writer w;
  w.str(unit);
  w.str("replace");
  auto r = conn_.call(manager_call("StopUnit", "ss", w.data()));
  if (!r) {
    // Already gone: nothing to stop.
    if (r.error().message().find("NoSuchUnit") != std::string::npos) return {};
    return std::move(r).error().context(str_cat("stop unit ", quote(unit)));
  }
  dbus::Reader rd(r->body);
  HAKO_ASSIGN_OR_RETURN(std::string job, rd.str());
  HAKO_TRY(wait_job(job, unit, "stop unit"));
  (void)reset_failed_unit(unit);
  return {};
}

Status Client::reset_failed_unit(const std::string& unit) {
  dbus::Writer w;
  w.str(unit);
  auto r = conn_.call(manager_call("ResetFailedUnit", "s", w.data()));
  if (!r) return std::move(r).error();
  return {};
}

Status Client::set_unit_properties(const std::string& unit, const std::vector<dbus::Property>& props) {
  dbus::Writer w;
  w.str(unit);
  w.boolean(true);
  dbus::write_properties(w, props);
  auto r = conn_.call(manager_call("SetUnitProperties", "sba(sv)", w.data()));
  if (!r) return std::move(r).error().context(str_cat("set properties of ", quote(unit)));
  return {};
}

}  // namespace hako::cgroups::systemd
