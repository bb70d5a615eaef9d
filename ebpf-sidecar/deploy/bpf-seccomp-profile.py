#!/usr/bin/env python3
"""Writes the container engine's default seccomp profile with bpf() allowed under CAP_BPF and perf_event_open()
under CAP_PERFMON.

Older default profiles (podman 4.3 / containers-common 0.50 in Debian 12) allow both calls only with CAP_SYS_ADMIN
and answer EPERM to everyone else, so CAP_BPF + CAP_PERFMON alone are refused by seccomp before the kernel looks at
the capabilities. Everything else in the profile is kept as it is.

    bpf-seccomp-profile.py [DEFAULT_PROFILE] > uds-trace-seccomp.json
    podman run --security-opt seccomp=uds-trace-seccomp.json --cap-drop all --cap-add BPF,PERFMON ...
"""
import json
import sys

source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/containers/seccomp.json"
with open(source) as f:
    profile = json.load(f)
OPENED = {"bpf": "CAP_BPF", "perf_event_open": "CAP_PERFMON"}
for rule in profile["syscalls"]:
    if rule["action"] == "SCMP_ACT_ERRNO":
        rule["names"] = [name for name in rule["names"] if name not in OPENED]
profile["syscalls"] = [rule for rule in profile["syscalls"] if rule["names"]]
profile["syscalls"].append({"names": ["bpf"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_BPF"]}})
profile["syscalls"].append(
    {"names": ["perf_event_open"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_PERFMON"]}})
json.dump(profile, sys.stdout, indent=1)
