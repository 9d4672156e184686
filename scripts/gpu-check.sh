#!/bin/sh
# plateau's device check for a GPU node, about 3 minutes (at most 8): runs from an offline bundle (./gpu-check.sh in
# the bundle folder; no Node.js, no network needed) or from a checkout (scripts/gpu-check.sh, with node on PATH).
#   1. plateau doctor                       what the node offers, and which backend and engine would run
#   2. bench --only check, cuda             the cuda engine against the CPU engine at n = 8, 10, 12
#   3. bench --only check, webgpu           the tensor engine on Dawn, if doctor found a hardware adapter
#   4. bench --only gate, cuda              one-qubit gate at n = 20, 24, 26 with the device-copy roofline
#   5. bench --only step, cuda and cpu      n = 20, with the cpu/cuda ratio
#   6. bench --only step,scan, cuda         step at n = 24, 26; scan at n = 20, 24, 26
#   7. the torch peer on CUDA, only if python3 has a CUDA torch and PLATEAU_PEER_SCRIPT (or ../shared/peers) exists
#   8. the targets: gate at n = 26 ≥ 50 % of the copy bandwidth; step at n = 20 ≥ 20× faster than the CPU engine
# With OUT set, every step's JSON lines (and stderr) go to $OUT/<step>.jsonl (.err), doctor's report to
# $OUT/doctor.json, the targets to $OUT/summary.json. Exit status: the number of steps that failed (0 = all ran).
set -u

here=$(cd "$(dirname "$0")" && pwd)
# the command that runs plateau (a file, so that timeout can run it): the bundle's launcher, or node with bin/plateau.js
if [ -x "$here/plateau" ] && [ -f "$here/bundle.id" ]; then
  runner=$here/plateau
  runner_arg=
  peer_default="$here/../shared/peers/torch_qcbm.py"
elif [ -f "$here/../bin/plateau.js" ]; then
  runner=node
  runner_arg=$here/../bin/plateau.js
  peer_default="$here/../../shared/peers/torch_qcbm.py"
else
  echo "gpu-check: run it from an offline bundle folder or from scripts/ of a checkout" >&2
  exit 2
fi
out=${OUT:-}
work=${out:-$(mktemp -d "${TMPDIR:-/tmp}/plateau-gpu-check.XXXXXX")}
mkdir -p "$work"
failed=0

# plateau ARGS… under a time limit where coreutils has timeout (a step that hangs cannot take the 8 minutes)
limit() {
  secs=$1
  shift
  if command -v timeout >/dev/null 2>&1; then
    timeout "$secs" "$runner" ${runner_arg:+"$runner_arg"} "$@"
  else
    "$runner" ${runner_arg:+"$runner_arg"} "$@"
  fi
}

# step NAME SECONDS ARGS…: one plateau command, its JSON lines kept in $work/NAME.jsonl and echoed
step() {
  name=$1
  secs=$2
  shift 2
  echo "== $name: plateau $*"
  start=$(date +%s)
  limit "$secs" "$@" >"$work/$name.jsonl" 2>"$work/$name.err"
  rc=$?
  cat "$work/$name.jsonl"
  grep -v '^maxrss_kb=' "$work/$name.err" >&2
  echo "== $name: exit $rc after $(($(date +%s) - start)) s"
  [ "$rc" = 0 ] || failed=$((failed + 1))
}

echo "== doctor"
limit 60 doctor --out "$work/doctor.json" || failed=$((failed + 1))

step check-cuda 150 bench --backend wasm --engines cuda --only check --check-qubits 8,10,12
if grep -q '"adapter": "' "$work/doctor.json" 2>/dev/null; then
  step check-webgpu 150 bench --backend webgpu --engines tensor --only check --check-qubits 8,10,12
else
  echo "== check-webgpu: skipped (doctor found no hardware WebGPU adapter; see its dawn line)"
fi
step gate 120 bench --backend wasm --engines cuda --only gate --gate-qubits 20,24,26
step step-n20 120 bench --backend wasm --engines cuda,cpu --only step --step-qubits 20
step step-scan 180 bench --backend wasm --engines cuda --only step,scan --step-qubits 24,26 --scan-qubits 20,24,26

peer=${PLATEAU_PEER_SCRIPT:-$peer_default}
if ! command -v python3 >/dev/null 2>&1; then
  echo "== peer: skipped (no python3)"
elif ! python3 -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' >/dev/null 2>&1; then
  echo "== peer: skipped (python3 has no CUDA torch)"
elif [ ! -f "$peer" ]; then
  echo "== peer: skipped (no peer script at $peer; set PLATEAU_PEER_SCRIPT)"
else
  step peer 150 bench --backend wasm --engines cuda --only step,scan --step-qubits 20,24 --scan-qubits 20 --peer --peer-device cuda --peer-python python3 --peer-path "$peer"
fi

# The targets, read from the JSON lines with sed (no jq or python on a bare node).
pct=$(sed -n 's/.*"bench":"gate","engine":"cuda","qubits":26,.*"pct_of_copy":\([0-9.]*\).*/\1/p' "$work/gate.jsonl" 2>/dev/null | head -n 1)
ratio=$(sed -n 's/.*"bench":"step","ratio":"cpu\/cuda","qubits":20,.*"value":\([0-9.]*\).*/\1/p' "$work/step-n20.jsonl" 2>/dev/null | head -n 1)
verdict() { # value threshold → true/false/null
  if [ -z "$1" ]; then echo null; elif awk "BEGIN { exit !($1 >= $2) }" 2>/dev/null; then echo true; else echo false; fi
}
summary="{\"gate_n26_pct_of_copy\": ${pct:-null}, \"gate_target_pct\": 50, \"gate_met\": $(verdict "$pct" 50), \"step_n20_cpu_over_cuda\": ${ratio:-null}, \"step_target_ratio\": 20, \"step_met\": $(verdict "$ratio" 20), \"failed_steps\": $failed}"
echo "== summary: $summary"
[ -n "$out" ] && echo "$summary" >"$out/summary.json"
[ -z "$out" ] && rm -rf "$work"
exit "$failed"
