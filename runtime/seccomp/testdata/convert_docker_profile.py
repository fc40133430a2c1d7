#!/usr/bin/python3
"""Turns a Docker/moby seccomp template (profiles/seccomp/default.json) into the OCI
`linux.seccomp` object that dockerd would hand to the runtime for one architecture and
capability set: rules are kept or dropped by their includes/excludes (arches, caps,
minKernel), and `architectures` is the native arch plus its sub-architectures.

usage: convert_docker_profile.py TEMPLATE.json > OUT.json   (amd64, Docker's default caps)
"""
import json
import sys

ARCH = "amd64"
SCMP_ARCH = "SCMP_ARCH_X86_64"
KERNEL = (6, 1)  # any modern kernel: every minKernel in the template is older
CAPS = {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
        "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"}


def kept(rule):
    inc, exc = rule.get("includes") or {}, rule.get("excludes") or {}
    if inc.get("arches") and ARCH not in inc["arches"]:
        return False
    if ARCH in (exc.get("arches") or []):
        return False
    if not CAPS.issuperset(inc.get("caps") or []):
        return False
    if CAPS.intersection(exc.get("caps") or []):
        return False
    if inc.get("minKernel"):
        want = tuple(int(x) for x in inc["minKernel"].split(".")[:2])
        if KERNEL < want:
            return False
    return True


def main():
    tmpl = json.load(open(sys.argv[1]))
    archs = [SCMP_ARCH]
    for m in tmpl.get("archMap") or []:
        if m["architecture"] == SCMP_ARCH:
            archs += m.get("subArchitectures") or []
    out = {"defaultAction": tmpl["defaultAction"]}
    if "defaultErrnoRet" in tmpl:
        out["defaultErrnoRet"] = tmpl["defaultErrnoRet"]
    out["architectures"] = archs
    out["syscalls"] = []
    for r in tmpl["syscalls"]:
        if not kept(r):
            continue
        o = {"names": r["names"], "action": r["action"]}
        if r.get("args"):
            o["args"] = r["args"]
        if "errnoRet" in r:
            o["errnoRet"] = r["errnoRet"]
        out["syscalls"].append(o)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
