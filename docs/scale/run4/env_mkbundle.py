import json, os, sys
sys.path.insert(0, "/work/wt-15c/docs/scale/run4")
rootfs = "/tmp/wt15/rootfs"
def pad(prefix, k, sep):
    s = "%s%d%s" % (prefix, k, sep)
    return s + "x" * (1024 - len(s))
def bundle(kib, name):
    src = json.load(open("/tmp/wt15/b0/config.json"))
    src["process"]["env"] += [pad("HB_PAD_", k, "=") for k in range(kib)]
    src["annotations"] = {("org.hako-bench.pad.%d" % k): "x" * (1024 - len("org.hako-bench.pad.%d" % k)) for k in range(kib)}
    os.makedirs(name, exist_ok=True)
    json.dump(src, open(name + "/config.json", "w"), indent=2)
for n in [1, 64]:
    bundle(n, "/tmp/wt15c/e%d" % n)
