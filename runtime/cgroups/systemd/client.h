// hako::cgroups::systemd::Client — a minimal D-Bus client for systemd's manager object, over a
// unix socket: /run/systemd/private (root, peer to peer) or the system/user bus. It speaks
// SASL EXTERNAL and the few calls the driver needs (youki PR #2370 did the same in Rust).
// Roles: parent only.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"
#include "runtime/cgroups/systemd/dbus_wire.h"

namespace hako::cgroups::systemd {

class Connection {
 public:
  // `bus`: a message bus (needs Hello and AddMatch); false for systemd's private socket.
  static Result<Connection> open(const std::string& socket_path, bool bus);
  // Sends a method call, returns its reply; an error reply becomes an Error carrying the
  // D-Bus error name. Signals that arrive meanwhile are kept for wait_signal().
  Result<dbus::Message> call(dbus::Message m, int timeout_ms = 30000);
  Result<dbus::Message> wait_signal(const std::function<bool(const dbus::Message&)>& match, int timeout_ms);
  bool is_bus() const { return bus_; }

 private:
  Connection(UniqueFd fd, bool bus) : fd_(std::move(fd)), bus_(bus) {}
  Status auth();
  Status send(const dbus::Message& m);
  Result<dbus::Message> receive(int timeout_ms);

  UniqueFd fd_;
  bool bus_;
  uint32_t serial_ = 0;
  std::string in_;
  std::vector<dbus::Message> signals_;
};

class Client {
 public:
  // Root: /run/systemd/private, else the system bus. Rootless: the user bus.
  static Result<Client> connect(bool rootless);
  static Result<Client> connect_to(const std::string& socket_path, bool bus);

  Result<int> version();
  // StartTransientUnit(mode "replace") and wait for its job (JobRemoved) to finish "done".
  Status start_transient_unit(const std::string& unit, const std::vector<dbus::Property>& props);
  Status stop_unit(const std::string& unit);
  Status reset_failed_unit(const std::string& unit);
  Status set_unit_properties(const std::string& unit, const std::vector<dbus::Property>& props);

 private:
  explicit Client(Connection c) : conn_(std::move(c)) {}
  dbus::Message manager_call(const char* member, std::string signature, std::string body);
  Status subscribe();
  Status wait_job(const std::string& job, const std::string& unit, const char* what);

  Connection conn_;
  bool subscribed_ = false;
  int version_ = -1;
};

// Body of a StartTransientUnit call (s s a(sv) a(sa(sv))), exposed for tests.
std::string start_transient_unit_body(const std::string& unit, const std::vector<dbus::Property>& props);

}  // namespace hako::cgroups::systemd
