#!/bin/sh
# Makes, without any registry, the base images the Dockerfile takes as build arguments:
#   local/debian:bookworm    Debian bookworm minbase with libbpf1, from the mirror apt uses (debootstrap)
#   local/uds-otel-jre:25    the same plus a JRE 25 made with jlink from this machine's JDK, at /opt/java/openjdk
#                            (where the eclipse-temurin images keep theirs)
# Images that exist already are kept (delete them to remake). Root, debootstrap and a JDK 25 are needed.
#   ebpf-sidecar/deploy/local-base-images.sh [docker|podman]
set -eu
engine=${1:-docker}
jdk=${UDS_JDK:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}
base=local/debian:bookworm
jre=local/uds-otel-jre:25

if $engine image inspect $base >/dev/null 2>&1 && $engine image inspect $jre >/dev/null 2>&1; then
	echo "local-base-images: $base and $jre exist already"
	exit 0
fi
mirror=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p; s/^deb  *\(http[^ ]*\) *bookworm .*/\1/p' \
	/etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -v security | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "local-base-images: debootstrap bookworm from $mirror"
debootstrap --variant=minbase --include=libbpf1 bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
	|| { tail -n 20 "$work/debootstrap.log"; exit 1; }
rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
tar -C "$work/rootfs" -c . | $engine import - $base

echo "local-base-images: jlink a JRE from $jdk"
# what the sidecar, the examples and the agent use; java.se keeps it a general-purpose JRE
"$jdk/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.net,jdk.attach,jdk.httpserver,jdk.crypto.ec,jdk.management \
	--strip-debug --no-man-pages --no-header-files --output "$work/rootfs/opt/java/openjdk"
tar -C "$work/rootfs" -c . | $engine import \
	--change 'ENV JAVA_HOME=/opt/java/openjdk' \
	--change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	- $jre
echo "local-base-images: made $base and $jre"
