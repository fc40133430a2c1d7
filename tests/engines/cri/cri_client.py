"""A small CRI v1 client for hako's containerd test: the stubs come from our own cri.proto,
compiled by protoc into a temporary directory at test time (nothing generated is committed),
and every call goes through grpc's generic unary_unary, so no grpc plugin is needed."""
import importlib
import json
import os
import subprocess
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))


def compile_proto(out_dir):
    """Runs protoc on cri.proto and imports the generated cri_pb2 module from out_dir."""
    os.makedirs(out_dir, exist_ok=True)
    subprocess.run(["protoc", f"--proto_path={_HERE}", f"--python_out={out_dir}", "cri.proto"],
                   check=True)
    sys.path.insert(0, out_dir)
    return importlib.import_module("cri_pb2")


class Client:
    """One channel to containerd's socket; rt(...) and img(...) call RuntimeService and
    ImageService methods by name, building the request from keyword arguments."""

    def __init__(self, grpc, pb, socket_path):
        self.grpc = grpc
        self.pb = pb
        self.channel = grpc.insecure_channel("unix://" + socket_path)
        self._services = pb.DESCRIPTOR.services_by_name

    def _call(self, service, method, deadline, kwargs):
        desc = self._services[service].methods_by_name[method]  # KeyError = not in our .proto
        req_cls = getattr(self.pb, desc.input_type.name)
        resp_cls = getattr(self.pb, desc.output_type.name)
        fn = self.channel.unary_unary(f"/runtime.v1.{service}/{method}",
                                      request_serializer=req_cls.SerializeToString,
                                      response_deserializer=resp_cls.FromString)
        return fn(req_cls(**kwargs), timeout=deadline)

    def rt(self, method, deadline=60, **kwargs):
        return self._call("RuntimeService", method, deadline, kwargs)

    def img(self, method, deadline=30, **kwargs):
        return self._call("ImageService", method, deadline, kwargs)

    def close(self):
        self.channel.close()

    # Helpers over the verbose "info" JSON that containerd's CRI plugin returns.
    def sandbox_info(self, pod_id):
        resp = self.rt("PodSandboxStatus", pod_sandbox_id=pod_id, verbose=True)
        return resp.status, json.loads(resp.info.get("info", "{}"))

    def container_info(self, cid):
        resp = self.rt("ContainerStatus", container_id=cid, verbose=True)
        return resp.status, json.loads(resp.info.get("info", "{}"))
