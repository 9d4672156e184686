#!/bin/sh
# plateau offline bundle launcher (built by `npm run bundle`; see README "GPU and offline bundle").
#   ./plateau <script> [options]      e.g. ./plateau bench --only gate --gate-qubits 20
#   ./plateau unpack                  unpack only, and print where (apptainer.def runs it at build time)
# Needs only a POSIX shell, tar and xz (or python3) on a Linux x86-64 machine: no Node.js, no network. On first run it
# unpacks Node.js, Dawn and the scripts into PLATEAU_RUNTIME_DIR, else <bundle>/.runtime/<id> when the bundle folder is
# writable, else ${TMPDIR:-/tmp}/plateau-<uid>/<id>; later runs (and other nodes sharing the folder) reuse it.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
id=$(cat "$here/bundle.id")
scripts=$(cat "$here/scripts.txt")

usage() {
  echo "usage: $0 <script> [options]   scripts: $scripts   (add --help after a script for its options)" >&2
  exit 2
}
[ $# -ge 1 ] || usage
entry=$1
shift
# the names bin/plateau.js accepts too, so batch files run the same commands from a checkout or a bundle
case $entry in
  compare) entry=compare-losses ;;
  scan:merge) entry=scan; set -- --merge "$@" ;;
esac
# "unpack" only unpacks (an Apptainer build does it once, into the image) and prints where
case " $scripts unpack " in *" $entry "*) ;; *) echo "plateau: unknown script \"$entry\"" >&2; usage ;; esac

if [ -n "${PLATEAU_RUNTIME_DIR:-}" ]; then
  rt=$PLATEAU_RUNTIME_DIR/$id
elif [ -w "$here" ]; then
  rt=$here/.runtime/$id
else
  rt=${TMPDIR:-/tmp}/plateau-$(id -u)/$id
fi

# xz streams through xz, or python3's lzma module where xz-utils is missing.
unxz() {
  if command -v xz >/dev/null 2>&1; then
    xz -dc "$1"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"
  else
    echo "plateau: unpacking the bundle needs xz or python3" >&2
    return 1
  fi
}

if [ ! -f "$rt/.complete" ]; then
  mkdir -p "$(dirname "$rt")"
  tmp="$rt.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  trap 'rm -rf "$tmp"' EXIT INT TERM
  unxz "$here/node.xz" > "$tmp/node"
  unxz "$here/dawn.node.xz" > "$tmp/dawn.node"
  unxz "$here/app.tar.xz" | tar -x -C "$tmp"
  chmod +x "$tmp/node"
  touch "$tmp/.complete"
  # Another process (a job array, another node) may have finished first: keep its copy.
  if [ -e "$rt" ]; then rm -rf "$tmp"; else mv "$tmp" "$rt" 2>/dev/null || rm -rf "$tmp"; fi
  trap - EXIT INT TERM
  [ -f "$rt/.complete" ] || { echo "plateau: could not unpack into $rt" >&2; exit 1; }
fi

if [ "$entry" = unpack ]; then echo "$rt"; exit 0; fi
export PLATEAU_DAWN_NODE="$rt/dawn.node"
# what batch files (scan/compare --slurm, --condor) run on the nodes: this launcher
export PLATEAU_LAUNCHER="${PLATEAU_LAUNCHER:-$here/plateau}"
export PLATEAU_WASM_DIR="$rt/app"
export PLATEAU_KOFFI_NODE="$rt/app/koffi.node"

# Dawn dlopens the Vulkan loader: the node's own when it has one, else the bundle's (Debian libvulkan1,
# licenses/libvulkan1). The loader then finds the GPU vendor's driver (ICD) on the node, if it exposes one.
system_vulkan() {
  dirs="${LD_LIBRARY_PATH:-}:/usr/lib/x86_64-linux-gnu:/usr/lib64:/lib64:/usr/lib:/lib/x86_64-linux-gnu:/usr/local/lib"
  found=1
  saved_ifs=$IFS
  IFS=:
  for d in $dirs; do
    if [ -n "$d" ] && [ -e "$d/libvulkan.so.1" ]; then found=0; fi
  done
  IFS=$saved_ifs
  return $found
}
if ! system_vulkan; then
  export LD_LIBRARY_PATH="$rt/app/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export PLATEAU_BUNDLED_VULKAN="$rt/app/lib/libvulkan.so.1"
fi
exec "$rt/node" "$rt/app/$entry.js" "$@"
