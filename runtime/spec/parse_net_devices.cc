// Parsing of linux.netDevices (config-linux.md#network-devices): host interface name ->
// {name}. Names are checked as the kernel's dev_valid_name() does, so that a bad name fails
// here with its JSON path instead of as EINVAL from rtnetlink half-way through create.
#include <cctype>

#include "runtime/spec/parse_internal.h"

namespace hako::spec::internal {
namespace {

constexpr size_t kIfNameSize = 16;  // IFNAMSIZ, including the terminating NUL

// Empty when `name` is a valid interface name, else what is wrong with it.
std::string ifname_problem(const std::string& name) {
  if (name.empty()) return "must not be empty";
  if (name.size() >= kIfNameSize)
    return str_cat("interface name ", quote(name), " is longer than ", kIfNameSize - 1, " bytes");
  if (name == "." || name == "..") return str_cat("invalid interface name ", quote(name));
  for (char c : name)
    if (c == '/' || c == ':' || std::isspace(static_cast<unsigned char>(c)))
      return str_cat("invalid interface name ", quote(name), " (no '/', ':' or whitespace)");
  return {};
}

// `linux.netDevices["eth0"]`: the key is a name, not a path step, so it is quoted as in JSON.
std::string net_device_path(const Path& net_devices, const std::string& host_name) {
  return str_cat(net_devices.render(), "[", Json(host_name).dump(), "]");
}

}  // namespace

Status parse_net_devices(const Obj& linux_obj, std::map<std::string, NetDevice>& out) {
  const Json* all = linux_obj.find("netDevices");
  if (!all) return {};
  HAKO_ASSIGN_OR_RETURN(Obj o, Obj::of(*all, linux_obj.path().member("netDevices")));
  for (auto it = all->begin(); it != all->end(); ++it) {
    std::string where = net_device_path(o.path(), it.key());
    if (std::string bad = ifname_problem(it.key()); !bad.empty())
      return Error::invalid(str_cat(where, ": ", bad));
    if (!it->is_object() && !it->is_null())
      return Error::invalid(str_cat(where, ": expected object, got ", type_name(*it)));
    NetDevice d;
    if (it->is_object()) {
      const Json* name = it->contains("name") ? &(*it)["name"] : nullptr;
      if (name && !name->is_null() && !name->is_string())
        return Error::invalid(str_cat(where, ".name: expected string, got ", type_name(*name)));
      // runc treats an empty name as "keep the host name"; so do we.
      if (name && name->is_string()) d.name = name->get<std::string>();
      if (std::string bad = ifname_problem(d.name); !d.name.empty() && !bad.empty())
        return Error::invalid(str_cat(where, ".name: ", bad));
    }
    out.emplace(it.key(), std::move(d));
  }
  return {};
}

}  // namespace hako::spec::internal
