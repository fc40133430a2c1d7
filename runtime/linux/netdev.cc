#include "runtime/linux/netdev.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/linux/rtnl.h"

namespace hako::netdev {
namespace {

std::string field(const std::string& host_name) {
  return str_cat("linux.netDevices[", dquote(host_name), "]");
}

// One address to carry over: the header and the attributes that define it (IFA_LABEL is left
// out: it must start with the device's name, which may change).
struct Address {
  ifaddrmsg hdr{};
  uint32_t flags = 0;  // IFA_FLAGS, or the header's 8 bits on kernels without it
  std::vector<std::pair<uint16_t, std::string>> attrs;
};

struct Device {
  const Move* move = nullptr;
  int ifindex = 0;
  std::vector<Address> addrs;
};

std::string describe(const Address& a) {
  for (uint16_t want : {static_cast<uint16_t>(IFA_LOCAL), static_cast<uint16_t>(IFA_ADDRESS)})
    for (const auto& [type, value] : a.attrs) {
      if (type != want) continue;
      char text[INET6_ADDRSTRLEN] = "?";
      ::inet_ntop(a.hdr.ifa_family, value.data(), text, sizeof text);
      return str_cat(text, "/", static_cast<int>(a.hdr.ifa_prefixlen));
    }
  return "(address)";
}

// config-linux.md#network-devices: "permanent IP addresses (IFA_F_PERMANENT) of any family
// with global scope (RT_SCOPE_UNIVERSE)" are preserved; the kernel drops all of them on a move.
bool carried_over(const Address& a) {
  return (a.flags & IFA_F_PERMANENT) && a.hdr.ifa_scope == RT_SCOPE_UNIVERSE;
}

Result<int> link_index(rtnl::Socket& s, const std::string& name, std::string_view what) {
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  int index = 0;
  HAKO_TRY(s.query(rtnl::Request(RTM_GETLINK, 0).header(ifi).attr_str(IFLA_IFNAME, name), what,
                   [&](const nlmsghdr* h) {
                     if (h->nlmsg_type == RTM_NEWLINK) index = rtnl::family_header<ifinfomsg>(h).ifi_index;
                   }));
  if (index <= 0) return Error::with_code(ENODEV, str_cat(what, ": no such device in the reply"));
  return index;
}

Result<std::string> link_name(rtnl::Socket& s, int index, std::string_view what) {
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = index;
  std::string name;
  HAKO_TRY(s.query(rtnl::Request(RTM_GETLINK, 0).header(ifi), what, [&](const nlmsghdr* h) {
    if (h->nlmsg_type != RTM_NEWLINK) return;
    rtnl::for_each_attr(h, sizeof(ifinfomsg), [&](uint16_t type, const void* d, size_t n) {
      if (type == IFLA_IFNAME) name.assign(static_cast<const char*>(d), ::strnlen(static_cast<const char*>(d), n));
    });
  }));
  return name;
}

Result<std::vector<Address>> addresses_to_carry(rtnl::Socket& s, int ifindex) {
  ifaddrmsg req{};
  req.ifa_family = AF_UNSPEC;
  std::vector<Address> out;
  HAKO_TRY(s.query(rtnl::Request(RTM_GETADDR, NLM_F_DUMP).header(req), "list its addresses",
                   [&](const nlmsghdr* h) {
                     if (h->nlmsg_type != RTM_NEWADDR) return;
                     Address a;
                     a.hdr = rtnl::family_header<ifaddrmsg>(h);
                     if (a.hdr.ifa_index != static_cast<uint32_t>(ifindex)) return;
                     a.flags = a.hdr.ifa_flags;
                     rtnl::for_each_attr(h, sizeof(ifaddrmsg), [&](uint16_t type, const void* d, size_t n) {
                       if (type == IFA_FLAGS && n >= sizeof a.flags) std::memcpy(&a.flags, d, sizeof a.flags);
                       if (type == IFA_ADDRESS || type == IFA_LOCAL || type == IFA_BROADCAST)
                         a.attrs.emplace_back(type, std::string(static_cast<const char*>(d), n));
                     });
                     if (carried_over(a)) out.push_back(std::move(a));
                   }));
  return out;
}

Result<Device> look_up(rtnl::Socket& host, const Move& m) {
  Device d;
  d.move = &m;
  HAKO_ASSIGN_OR_RETURN(d.ifindex, link_index(host, m.host_name, "find the host device"));
  HAKO_ASSIGN_OR_RETURN(d.addrs, addresses_to_carry(host, d.ifindex));
  return d;
}

// A socket in the container's network namespace. setns(CLONE_NEWNET) changes only the calling
// thread's namespace, and a socket stays in the namespace it was created in: enter, open, and
// go straight back (the runtime's own netlink socket was opened before).
Result<rtnl::Socket> socket_in(int ns_fd) {
  HAKO_ASSIGN_OR_RETURN(UniqueFd self, sys::open_at(AT_FDCWD, "/proc/thread-self/ns/net", O_RDONLY));
  if (::setns(ns_fd, CLONE_NEWNET) < 0)
    return Error::from_errno(errno, "linux.netDevices: enter the container's network namespace");
  auto s = rtnl::Socket::open();
  if (::setns(self.get(), CLONE_NEWNET) < 0)
    return Error::from_errno(errno, "linux.netDevices: return to the runtime's network namespace");
  return s;
}

Status refuse_own_namespace(int ns_fd) {
  struct stat ours, theirs;
  if (::stat("/proc/thread-self/ns/net", &ours) < 0)
    return Error::from_errno(errno, "linux.netDevices: stat /proc/thread-self/ns/net");
  if (::fstat(ns_fd, &theirs) < 0) return Error::from_errno(errno, "linux.netDevices: stat the network namespace");
  if (ours.st_dev == theirs.st_dev && ours.st_ino == theirs.st_ino)
    return Error::invalid("linux.netDevices: the container's network namespace is the runtime's own");
  return {};
}

// config-linux.md#network-devices: a name already used in the container's namespace is an
// error (templates excepted: the kernel picks a free number).
Status check_name_free(rtnl::Socket& ctr, const Move& m) {
  const std::string& name = m.name.empty() ? m.host_name : m.name;
  if (name.find('%') != std::string::npos) return {};
  auto found = link_index(ctr, name, "look it up in the container");
  if (!found && found.error().code() == ENODEV) return {};
  if (!found) return std::move(found).error();
  return Error::from_errno(EEXIST, str_cat("the container's network namespace already has a device named ", quote(name)));
}

// Where the device is after the move. A "%d" template is filled in by the kernel, which keeps
// the device's index unless the container's namespace already uses it.
Result<int> find_moved(rtnl::Socket& ctr, const Device& d) {
  const Move& m = *d.move;
  const std::string& name = m.name.empty() ? m.host_name : m.name;
  size_t pct = name.find('%');
  if (pct == std::string::npos) return link_index(ctr, name, "find it in the container");
  HAKO_ASSIGN_OR_RETURN(std::string got, link_name(ctr, d.ifindex, "find it in the container"));
  if (got.compare(0, pct, name, 0, pct) != 0)
    return Error::with_code(ENODEV, str_cat("find it in the container: the kernel gave it a new index, "
                                            "and the template ", quote(name), " does not say which"));
  return d.ifindex;
}

Status move_one(rtnl::Socket& host, rtnl::Socket& ctr, int ns_fd, const Device& d) {
  const Move& m = *d.move;
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = d.ifindex;
  rtnl::Request move(RTM_SETLINK, 0);
  move.header(ifi).attr_u32(IFLA_NET_NS_FD, static_cast<uint32_t>(ns_fd));
  // With the move, the kernel renames the device in the container's namespace (filling in a
  // "%d" template there); it keeps the device moved even when that rename fails, hence
  // check_name_free() before anything is moved.
  if (!m.name.empty()) move.attr_str(IFLA_IFNAME, m.name);
  HAKO_TRY(host.call(std::move(move), "move it into the container's network namespace"));
  HAKO_ASSIGN_OR_RETURN(int index, find_moved(ctr, d));
  for (const Address& a : d.addrs) {
    ifaddrmsg h = a.hdr;
    h.ifa_index = static_cast<uint32_t>(index);
    rtnl::Request add(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
    add.header(h);
    for (const auto& [type, value] : a.attrs) add.attr(type, value.data(), value.size());
    add.attr_u32(IFA_FLAGS, a.flags);
    Status st = ctr.call(std::move(add), str_cat("restore address ", describe(a)));
    if (!st && st.error().code() != EEXIST) return st;  // EEXIST: the kernel kept it
  }
  // config-linux.md#network-devices: the runtime MUST set the device up after the move.
  ifinfomsg up{};
  up.ifi_family = AF_UNSPEC;
  up.ifi_index = index;
  up.ifi_flags = IFF_UP;
  up.ifi_change = IFF_UP;
  return ctr.call(rtnl::Request(RTM_SETLINK, 0).header(up), "set it up");
}

}  // namespace

NetDevPlan plan(const spec::Linux& l) {
  NetDevPlan p;
  for (const auto& [host_name, d] : l.net_devices) p.moves.push_back({host_name, d.name});
  if (const spec::Namespace* ns = l.find_namespace(spec::NsType::kNetwork)) p.ns_path = ns->path;
  return p;
}

Status move_devices(const NetDevPlan& p, pid_t init) {
  if (p.empty()) return {};
  std::string ns = p.ns_path.empty() ? str_cat("/proc/", init, "/ns/net") : p.ns_path;
  auto ns_fd = sys::open_at(AT_FDCWD, ns, O_RDONLY);
  if (!ns_fd) return std::move(ns_fd).error().context("linux.netDevices: the container's network namespace");
  HAKO_TRY(refuse_own_namespace(ns_fd->get()));
  HAKO_ASSIGN_OR_RETURN(rtnl::Socket host, rtnl::Socket::open());
  HAKO_ASSIGN_OR_RETURN(rtnl::Socket ctr, socket_in(ns_fd->get()));
  std::vector<Device> devices;
  for (const Move& m : p.moves) {
    auto d = look_up(host, m);
    if (d) {
      if (auto st = check_name_free(ctr, m); !st) d = std::move(st).error();
    }
    if (!d) return std::move(d).error().context(field(m.host_name));
    devices.push_back(std::move(*d));
  }
  for (const Device& d : devices)
    if (auto st = move_one(host, ctr, ns_fd->get(), d); !st) return std::move(st).error().context(field(d.move->host_name));
  return {};
}

}  // namespace hako::netdev
