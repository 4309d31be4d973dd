#!/usr/bin/env bash
# Builds the files that the Courtside container image adds to its empty (scratch) base:
#   /opt/java     a Java runtime made by jlink from the building JDK, with only the modules
#                 Courtside needs (TLS with EC and RSA keys included)
#   /lib, /lib64  the shared libraries that runtime loads, copied from this machine (ldd)
#   /etc          passwd and group entries for the non-root user 65532, and nsswitch.conf
#   /tmp          the working directory, writable by any user (mode 777, set by Jib)
#
# Limitation: the libraries come from the building machine, so the image runs on that
# distribution's C library and architecture only (built and tested with Debian 12, x86-64).
#
# Usage: build-runtime.sh JAVA_HOME OUTPUT_DIR
# The image profile of pom.xml runs it before Jib, which adds OUTPUT_DIR at /.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 JAVA_HOME OUTPUT_DIR" >&2
  exit 2
fi
java_home=$1
out=$2

# From jdeps over the classes and every runtime dependency, plus service providers that jdeps
# cannot see: jdk.crypto.ec (TLS with EC keys), jdk.zipfs and jdk.naming.dns.
modules=java.base,java.compiler,java.desktop,java.instrument,java.naming,java.net.http
modules+=,java.scripting,java.security.jgss,java.sql,jdk.jfr,jdk.management,jdk.net
modules+=,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.naming.dns

if [[ ! -x "$java_home/bin/jlink" || ! -d "$java_home/jmods" ]]; then
  echo "Invalid JAVA_HOME '$java_home': expected a JDK with bin/jlink and jmods/" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp"
# Absolute, so the runtime's own libraries in ldd's output are recognised below.
out=$(cd "$out" && pwd)
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files \
  --no-man-pages --compress=2 --output "$out/opt/java"

# The native libraries a headless server loads. The AWT, font, image and sound libraries of
# java.desktop stay in the runtime without their X11 and font dependencies, so a program that
# draws or plays sound would fail to load them. Courtside does neither.
runtime="$out/opt/java"
natives=("$runtime/bin/java" "$runtime/lib/server/libjvm.so")
for name in libextnet libinstrument libj2gss libjava libjimage libjli libjsig libmanagement \
    libmanagement_ext libnet libnio libprefs libverify libzip; do
  natives+=("$runtime/lib/$name.so")
done

copy_file() {
  local source=$1 target=$2
  mkdir -p "$(dirname "$target")"
  cp -L "$source" "$target"
}

declare -A copied=()
for native in "${natives[@]}"; do
  # Lines such as "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)". Libraries of the
  # runtime itself resolve inside $runtime and are skipped.
  while read -r library; do
    if [[ -z "$library" || "$library" == "$runtime"* || -n "${copied[$library]:-}" ]]; then
      continue
    fi
    copied[$library]=1
    copy_file "$library" "$out$library"
  done < <(ldd "$native" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
done

# The dynamic loader named in the ELF header of bin/java, such as /lib64/ld-linux-x86-64.so.2.
interpreter=$(ldd "$runtime/bin/java" | awk '$1 ~ /^\/.*ld-linux/ { print $1 }')
if [[ -z "$interpreter" ]]; then
  echo "No dynamic loader found in the ldd output of $runtime/bin/java" >&2
  exit 1
fi
copy_file "$interpreter" "$out$interpreter"

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
courtside:x:65532:65532:Courtside:/tmp:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
courtside:x:65532:
GROUP
echo "hosts: files dns" > "$out/etc/nsswitch.conf"

echo "image root: $(du -sh "$out" | cut -f1) in $out ($((${#copied[@]} + 1)) system libraries)"
