// The extension hako._core: every binding registers itself here. The pure-Python package
// (python/hako/__init__.py) re-exports it; python/hako/_core.pyi describes it for editors.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "config_access.h"
#include "errors.h"
#include "locate.h"

namespace hako::py {
void bind_driver(pybind11::module_& m);
void bind_conformance(pybind11::module_& m);
void bind_bench(pybind11::module_& m);
}  // namespace hako::py

namespace pyb = pybind11;

PYBIND11_MODULE(_core, m) {
  using namespace hako::py;
  m.doc() = "hako's C++ core: config model, runtime driver, conformance runner, benchmark engine.";
  m.attr("__version__") = HAKO_VERSION;
  m.attr("OCI_VERSION") = HAKO_SPEC_VERSION;
  register_error_translator();
  bind_config(m);
  bind_driver(m);
  bind_conformance(m);
  bind_bench(m);
  m.def(
      "locations",
      [] {
        const Locations l = locations();
        pyb::dict d;
        d["source_dir"] = l.source_dir;
        d["hako"] = l.hako;
        d["conformance"] = l.conformance;
        d["runtimetest"] = l.runtimetest;
        d["conformance_rootfs"] = l.conformance_rootfs;
        d["spawn_helper"] = l.spawn_helper;
        d["make_rootfs"] = l.make_rootfs;
        d["cgroup_v1_wrapper"] = l.cgroup_v1_wrapper;
        return d;
      },
      "Where the module finds the programs it drives (the build it came from; HAKO_BIN, "
      "HAKO_CONFORMANCE, HAKO_RUNTIMETEST, HAKO_CONFORMANCE_ROOTFS, HAKO_BENCH_SPAWN override).");
  m.def(
      "resolve_runtime",
      [](const std::string& name) {
        auto ref = unwrap(resolve_runtime(name));
        return pyb::make_tuple(ref.label, ref.binary);
      },
      pyb::arg("name"),
      "(label, absolute path) of a runtime name; FileNotFoundError when missing.");
  m.def("hybrid_cgroups", &hybrid_cgroups,
        "True when /sys/fs/cgroup/unified is a cgroup2 mount next to v1 controllers (crun 1.8 "
        "refuses that).");
}
