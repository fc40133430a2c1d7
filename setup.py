"""Builds the extension hako._core with CMake for `pip install --no-build-isolation .`.

The metadata lives in pyproject.toml; this file supplies what setuptools cannot read there:
the version (from `project(hako VERSION ...)` in CMakeLists.txt, shared with the C++ side) and
a build_ext that runs CMake. It reuses ./build (what scripts/setup.sh configures) or
$HAKO_BUILD_DIR, configuring it first when it does not exist, so the installed module points at
the hako, hako-conformance and hako-bench-spawn binaries built next to it.
"""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
BUILD_DIR = Path(os.environ.get("HAKO_BUILD_DIR") or ROOT / "build").resolve()


def cmake_version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text()
    m = re.search(r"project\(\s*hako\s+VERSION\s+([0-9][0-9.]*)", text)
    if not m:
        sys.exit("setup.py: no `project(hako VERSION ...)` in CMakeLists.txt")
    return m.group(1)


class CMakeBuild(build_ext):
    """Configures (when needed) and builds the CMake target hako_py, then copies the module."""

    def build_extension(self, ext: Extension) -> None:
        if not (BUILD_DIR / "CMakeCache.txt").exists():
            generator = ["-G", "Ninja"] if shutil.which("ninja") else []
            self._run(["cmake", "-S", str(ROOT), "-B", str(BUILD_DIR), *generator,
                       "-DCMAKE_BUILD_TYPE=Release", f"-DPython_EXECUTABLE={sys.executable}"])
        self._run(["cmake", "--build", str(BUILD_DIR), "--target", "hako_py",
                   "-j", str(os.cpu_count() or 1)])
        name = "_core" + sysconfig.get_config_var("EXT_SUFFIX")
        built = BUILD_DIR / "pybindings" / "hako" / name
        if not built.exists():
            found = sorted(p.name for p in (BUILD_DIR / "pybindings" / "hako").glob("_core*.so"))
            sys.exit(f"setup.py: {built} was not built for this interpreter ({sys.executable}); "
                     f"found {found or 'nothing'}. Configure {BUILD_DIR} with "
                     f"-DPython_EXECUTABLE={sys.executable} (scripts/setup.sh does), and check "
                     "that pybind11-dev and python3-dev are installed.")
        dest = Path(self.get_ext_fullpath(ext.name))
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, dest)

    @staticmethod
    def _run(argv):
        print("setup.py:", " ".join(argv), flush=True)
        subprocess.run(argv, check=True)


# setuptools' own scratch space (build/, *.egg-info) goes into the CMake build tree, not the
# repository.
SCRATCH = BUILD_DIR / "pybindings" / "setuptools"
SCRATCH.mkdir(parents=True, exist_ok=True)

setup(
    version=cmake_version(),
    ext_modules=[Extension("hako._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": str(SCRATCH)}, "egg_info": {"egg_base": str(SCRATCH)}},
)
