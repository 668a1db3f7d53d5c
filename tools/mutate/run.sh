#!/usr/bin/env bash
# Mutation run (see README.md here): applies each mutant in mutants.tsv, one at a time, to a scratch copy of the
# repository, builds, runs only the test classes the mutant names, and reports killed / survived and a score.
#   tools/mutate/run.sh                 every mutant
#   tools/mutate/run.sh auth- limits-   only mutants whose id starts with one of these prefixes
# MUTATE_DIR (default /tmp/nexus-mutate) holds the scratch copy and its own bin/obj, so the working tree is untouched.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
scratch="${MUTATE_DIR:-/tmp/nexus-mutate}"
list="${MUTANTS:-$here/mutants.tsv}"
per_mutant_timeout="${MUTANT_TIMEOUT_S:-600}"
results="$scratch/results.tsv"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# The scratch copy: tracked and untracked (not ignored) files, so uncommitted edits count and bin/obj stay apart.
mkdir -p "$scratch/repo"
(cd "$repo" && git ls-files -co --exclude-standard -z | tar --null --ignore-failed-read -T - -cf -) | tar -xmf - -C "$scratch/repo"  # -m: fresh mtimes, so the incremental build sees every change
cd "$scratch/repo"

build() { dotnet build Nexus.Kernel.Tests -c Release -v q -nologo --no-restore >"$scratch/build.log" 2>&1; }
# A mutant changes only the kernel: build that project alone (analyzers off: it only needs to compile) and put its
# assembly where the already-built tests load it from. The build is most of each mutant's time on 2 cores.
build_kernel() {
  dotnet build Nexus.Kernel -c Release -v q -nologo --no-restore -p:TreatWarningsAsErrors=false -p:RunAnalyzers=false \
    >"$scratch/build.log" 2>&1 &&
    cp Nexus.Kernel/bin/Release/net10.0/nexus-kernel.dll Nexus.Kernel/bin/Release/net10.0/nexus-kernel.pdb \
      Nexus.Kernel.Tests/bin/Release/net10.0/
}
run_tests() {
  local filter="/*/*/($1)/*"
  timeout "$per_mutant_timeout" dotnet test --project Nexus.Kernel.Tests -c Release --no-build -- \
    --treenode-filter "$filter" --no-progress >"$scratch/test.log" 2>&1
}

selected() {
  local id="$1"
  shift
  [ $# -eq 0 ] && return 0
  for prefix in "$@"; do [[ "$id" == "$prefix"* ]] && return 0; done
  return 1
}

log "restore + baseline build in $scratch/repo"
dotnet restore Nexus.Kernel.Tests -v q >/dev/null || { echo "restore failed"; exit 2; }
build || { echo "baseline build failed: see $scratch/build.log"; exit 2; }

# Every class a selected mutant names must pass unmutated, or a "kill" would mean nothing.
fields() { tr '\t' '\037' <"$list"; }
classes="$(while IFS=$'\037' read -r id _ _ _ tests; do
  [[ -z "$id" || "$id" == \#* ]] && continue
  selected "$id" "$@" && printf '%s\n' "${tests//,/$'\n'}"
done < <(fields) | sort -u | paste -sd '|')"
log "baseline tests: $classes"
run_tests "$classes" || { echo "baseline tests fail unmutated: see $scratch/test.log"; exit 2; }

: >"$results"
killed=0 survived=0 broken=0
while IFS=$'\037' read -r id file original mutated tests || [ -n "$id" ]; do
  [[ -z "$id" || "$id" == \#* ]] && continue
  selected "$id" "$@" || continue
  path="$scratch/repo/$file"
  original="${original//\\n/$'\n'}"; mutated="${mutated//\\n/$'\n'}"
  content="$(cat "$path"; printf x)"; content="${content%x}"
  # Literal (not glob) matching: the snippet must occur exactly once.
  rest="${content#*"$original"}"
  if [ "$rest" = "$content" ] || [[ "$rest" == *"$original"* ]]; then
    log "$id: snippet not found exactly once in $file"; printf '%s\tinvalid\t0\n' "$id" >>"$results"; broken=$((broken + 1)); continue
  fi
  printf '%s' "${content/"$original"/"$mutated"}" >"$path"
  started=$SECONDS
  if ! build_kernel; then
    outcome=compile-error; broken=$((broken + 1))
  elif run_tests "${tests//,/|}"; then
    outcome=SURVIVED; survived=$((survived + 1))
  else
    outcome=killed; killed=$((killed + 1))
  fi
  printf '%s' "$content" >"$path"
  log "$id: $outcome ($((SECONDS - started)) s) [$tests]"
  printf '%s\t%s\t%s\n' "$id" "$outcome" "$((SECONDS - started))" >>"$results"
done < <(fields)

build_kernel || true
total=$((killed + survived))
score=0; [ "$total" -gt 0 ] && score=$((100 * killed / total))
log "killed $killed, survived $survived, not run (invalid or compile error) $broken; score ${score}% of $total"
grep -P '\tSURVIVED\t' "$results" | cut -f1 | sed 's/^/survived: /'
[ "$survived" -eq 0 ]
