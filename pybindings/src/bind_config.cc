// hako.Config: load a bundle's config.json (or build the default spec), change it through typed
// attributes, validate it with the runtime's own parser and validator, save it.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>

#include "config_access.h"
#include "json_py.h"

namespace hako::py {

namespace pyb = pybind11;
using namespace pybind11::literals;

namespace {

using ConfigPtr = std::shared_ptr<ConfigDoc>;

ConfigPtr shared(ConfigDoc d) { return std::make_shared<ConfigDoc>(std::move(d)); }

void bind_config_io(pyb::class_<ConfigDoc, ConfigPtr>& cls) {
  cls.def_static(
      "load",
      [](const std::string& path) {
        return shared(unwrap(ConfigDoc::load(path), ErrorKind::kSpec));
      },
      "path"_a,
      "Reads a config.json, or BUNDLE/config.json when given a directory. Raises "
      "FileNotFoundError (a hako.HakoError) when it is missing and hako.SpecError when "
      "the runtime's parser rejects it.");
  cls.def_static(
      "loads",
      [](const std::string& text) {
        return shared(unwrap(ConfigDoc::parse(text, ""), ErrorKind::kSpec));
      },
      "text"_a, "Parses config.json text.");
  cls.def_static(
      "default", [](bool rootless) { return shared(ConfigDoc::make_default(rootless)); },
      "rootless"_a = false,
      "The starter config `hako spec` writes (runc's template, hostname 'hako'); "
      "rootless: a user namespace mapping the caller to root.");
  cls.def(
      "validate", [](const ConfigDoc& d) { unwrap(d.check(), ErrorKind::kSpec); },
      "Runs the runtime's parser and validator; raises hako.SpecError naming the JSON path.");
  cls.def(
      "save",
      [](ConfigDoc& d, std::optional<std::string> path, bool validate) {
        std::string target = path.value_or(d.origin());
        if (target.empty())
          throw pyb::value_error("save: no path (the config was not loaded from a file)");
        d.set_origin(unwrap(d.save(target, validate), ErrorKind::kSpec));
      },
      "path"_a = pyb::none(), "validate"_a = true,
      "Writes the config atomically (to the file it was loaded from by default; a directory "
      "means DIR/config.json). Validates first unless validate=False.");
  cls.def(
      "to_json", [](const ConfigDoc& d, int indent) { return d.dump(indent); }, "indent"_a = 4,
      "The document as JSON text.");
  cls.def(
      "to_dict", [](const ConfigDoc& d) { return to_python(d.json()); },
      "The document as dicts and lists (a copy).");
  cls.def(
      "copy", [](const ConfigDoc& d) { return std::make_shared<ConfigDoc>(d); },
      "An independent copy.");
  cls.def_property_readonly(
      "path",
      [](const ConfigDoc& d) -> std::optional<std::string> {
        if (d.origin().empty()) return std::nullopt;
        return d.origin();
      },
      "The file the config was loaded from or last saved to, or None.");
}

void bind_config_generic(pyb::class_<ConfigDoc, ConfigPtr>& cls) {
  cls.def(
      "get",
      [](const ConfigDoc& d, const std::string& pointer, pyb::object fallback) -> pyb::object {
        const Json* j = unwrap(d.find(pointer), ErrorKind::kSpec);
        return j ? to_python(*j) : fallback;
      },
      "pointer"_a, "default"_a = pyb::none(),
      "The value at a JSON pointer (RFC 6901, e.g. '/process/args/0') as Python data, or default.");
  cls.def(
      "set",
      [](ConfigDoc& d, const std::string& pointer, pyb::object value) {
        store(d, pointer, from_python(value));
      },
      "pointer"_a, "value"_a,
      "Stores Python data (None, bool, int, float, str, list, dict) at a JSON pointer, "
      "creating missing objects; '-' appends to an array.");
  cls.def(
      "delete",
      [](ConfigDoc& d, const std::string& pointer) { unwrap(d.erase(pointer), ErrorKind::kSpec); },
      "pointer"_a, "Removes the member at a JSON pointer (nothing when absent).");
}

}  // namespace

void bind_config(pyb::module_& m) {
  bind_config_values(m);
  bind_config_views(m);
  auto cls = pyb::class_<ConfigDoc, ConfigPtr>(
      m, "Config",
      "A bundle's config.json. Typed attributes read and write its members; members hako "
      "does not model are kept as they are. Lists and dicts returned by attributes are copies: "
      "assign to change them (cfg.process.args = [...]).");
  bind_config_io(cls);
  bind_config_generic(cls);
  def_member<std::string>(cls, "oci_version", "ociVersion", "ociVersion.");
  def_member<std::string>(cls, "hostname", "hostname", "Hostname (needs a UTS namespace).");
  def_member<std::string>(cls, "domainname", "domainname",
                          "NIS domain name (needs a UTS namespace).");
  def_member<std::map<std::string, std::string>>(cls, "annotations", "annotations", "Annotations.");
  def_value_list<MountValue>(cls, "mounts", "mounts", "Mounts, in order.", mount_from_json);
  cls.def_property_readonly(
      "process", [](const ConfigPtr& d) { return ProcessView{d}; }, "process (a live view).");
  cls.def_property_readonly(
      "root", [](const ConfigPtr& d) { return RootView{d}; }, "root (a live view).");
  cls.def_property_readonly(
      "linux", [](const ConfigPtr& d) { return LinuxView{d}; }, "linux (a live view).");
  cls.def(
      "__eq__", [](const ConfigDoc& a, const ConfigDoc& b) { return a.json() == b.json(); },
      pyb::is_operator());
  cls.def("__repr__", [](const ConfigDoc& d) {
    return "<hako.Config " + (d.origin().empty() ? std::string("(not saved)") : d.origin()) + ">";
  });
}

}  // namespace hako::py
