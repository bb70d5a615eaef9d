#!/bin/sh
# Compiles the eBPF probe into $1/uds_trace.bpf.o (run by Maven in generate-resources).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1

if ! command -v clang >/dev/null 2>&1; then
	echo "uds-otel: clang is missing, and it compiles the eBPF probe (ebpf-sidecar/bpf). Run './dev build': it installs clang, llvm and libbpf-dev." >&2
	exit 1
fi
if [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
	echo "uds-otel: libbpf headers are missing (/usr/include/bpf). Run './dev build': it installs libbpf-dev." >&2
	exit 1
fi

case $(uname -m) in
	x86_64) arch=x86 ;;
	aarch64) arch=arm64 ;;
	*) arch=$(uname -m) ;;
esac
multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")

mkdir -p "$out"
# -Wpadded -Werror: the event layout shared with Java must never gain implicit padding.
clang -O2 -g -target bpf -D__TARGET_ARCH_$arch -Wall -Wpadded -Werror \
	-I"/usr/include/$multiarch" -c "$here/uds_trace.bpf.c" -o "$out/uds_trace.bpf.o"
# -g is for BTF, which stays; the DWARF sections are only weight in the jar
if command -v llvm-strip >/dev/null 2>&1; then
	llvm-strip -g "$out/uds_trace.bpf.o"
fi
