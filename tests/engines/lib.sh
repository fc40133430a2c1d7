# Shared by the engine tests: each case runs against hako and runc on the same engine and its
# result is recorded per runtime; the summary prints one line per case with both results.
# A case is a function `case_NAME RUNTIME`: it returns 0 (pass), 1 (fail, after printing why)
# or 77 (skip, after printing the exact reason); both runtimes get the same case.
# The test fails when hako fails a case; a runc failure is reported, not fatal (the case then
# shows what runc itself does here).

ENGINE_RESULTS=""
ENGINE_HAKO_FAILED=0

# run_case NAME: runs case_NAME for hako and runc, prints their results as they come.
# ENGINE_CASES="a b" runs only those cases (for debugging one path).
run_case() {
  local name=$1 rt out rc res line="$1"
  if [ -n "${ENGINE_CASES:-}" ]; then
    case " $ENGINE_CASES " in *" $name "*) ;; *) return 0 ;; esac
  fi
  for rt in hako runc; do
    out=$("case_$name" "$rt" 2>&1)
    rc=$?
    case $rc in
      0) res=PASS ;;
      77) res="SKIP ($(printf '%s' "$out" | tail -n 1))" ;;
      *) res=FAIL; [ "$rt" = hako ] && ENGINE_HAKO_FAILED=1 ;;
    esac
    if [ "$res" = FAIL ]; then
      printf '  %s/%s: FAIL\n%s\n' "$name" "$rt" "$(printf '%s' "$out" | tail -n 15 | sed 's/^/    /')"
    fi
    line="$line|$rt=$res"
  done
  echo "case $line"
  ENGINE_RESULTS="$ENGINE_RESULTS$line
"
}

# expect_eq WHAT GOT WANT
expect_eq() {
  if [ "$2" != "$3" ]; then
    printf '%s: got [%s], want [%s]\n' "$1" "$2" "$3"
    return 1
  fi
}

# expect_has WHAT TEXT NEEDLE
expect_has() {
  case $2 in
    *"$3"*) return 0 ;;
  esac
  printf '%s: [%s] lacks [%s]\n' "$1" "$2" "$3"
  return 1
}

# print_summary ENGINE: the table of every case; returns 1 when hako failed a case.
print_summary() {
  echo "== $1: case | hako | runc"
  printf '%s' "$ENGINE_RESULTS" | while IFS='|' read -r name h r; do
    [ -n "$name" ] && printf '  %-22s %-10s %s\n' "$name" "${h#hako=}" "${r#runc=}"
  done
  return $ENGINE_HAKO_FAILED
}

# wait_gone PID [TENTHS]: waits for a process we started to exit, SIGKILL after the deadline.
wait_gone() {
  local pid=$1 n=${2:-100}
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 "$n"); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
}

# The bits of a CapEff line: `grep CapEff /proc/self/status` output without the label.
cap_eff() { sed -n 's/^CapEff:[[:space:]]*//p'; }
