#!/bin/sh
# Reading and writing a big trace (issue 18): `tlslab show FILE --json OUT` against CPython's
# json module loading the same file and dumping it again (in the exporter's layout),
# in the same run, with wall time and peak RSS from /usr/bin/time. Goal: tlslab in at most half
# Python's time, with a peak RSS of at most 3 times the file's size.
#
#   bench/json_roundtrip.sh [BUILD_DIR] [TRACE]
#
# A TRACE that does not exist yet is made (as below) and kept, so another build (say main's,
# for a before/after) can be run on the same file.
# Without TRACE, makes one of 16,000 events that `tlslab show` accepts (at most 64 MiB, the
# trace cap of core/file_io.hpp): a TLS 1.2 run whose 16 KiB page comes in 64-byte records
# (about 280 events, with their derivations), its events repeated by python3 up to 16,000; the
# repeats leave out their derivations and states (about half of an event) to stay under the
# cap. A real 16,000-record run is about 80 MB: pass one as TRACE to a build without the cap.
set -eu
build=${1:-build}
tlslab=$build/app/tlslab
[ -x "$tlslab" ] || tlslab=$(find "$build" -name tlslab -type f -perm -u+x | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trace=${2:-$work/big.json}
# The exporter's layout (docs/trace-format.md): the top level and its members' objects and
# arrays one member per line, anything deeper (each event) on one line without spaces.
cat >"$work/layout.py" <<'PY'
import json
def layout(v, level=1):
    if level > 2 or not isinstance(v, (dict, list)) or not v:
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    pad = "  " * level
    if isinstance(v, dict):
        parts = [pad + json.dumps(k, ensure_ascii=False) + ": " + layout(x, level + 1) for k, x in v.items()]
        return "{\n" + ",\n".join(parts) + "\n" + "  " * (level - 1) + "}"
    return "[\n" + ",\n".join(pad + layout(x, level + 1) for x in v) + "\n" + "  " * (level - 1) + "]"
PY
if [ ! -e "$trace" ]; then
  "$tlslab" run --version tls1.2 --max-record-size 64 --response-size 16384 --json "$work/one.json" >/dev/null
  PYTHONPATH="$work" python3 - "$work/one.json" "$trace" <<'PY'
import json, sys
from layout import layout
t = json.load(open(sys.argv[1], encoding="utf-8"))
events = t["events"]
last = max(e["step"] for e in events) + 1
out = list(events)
k = 1
while len(out) < 16000:
    for e in events:
        if len(out) == 16000:
            break
        e = dict(e, derivations=[], receiver_derivations=[])
        e.pop("states", None)
        e["step"] += k * last
        if "delivered_step" in e:
            e["delivered_step"] += k * last
        out.append(e)
    k += 1
t["events"] = out
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(layout(t))
    f.write("\n")
PY
fi
size=$(stat -c %s "$trace")
events=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["events"]))' "$trace")
echo "trace: $trace, $size bytes, $events events"

/usr/bin/time -f "%e %M" -o "$work/t_tlslab" "$tlslab" show "$trace" --json "$work/out_tlslab.json" >/dev/null
/usr/bin/time -f "%e %M" -o "$work/t_python" env PYTHONPATH="$work" python3 -c '
import json, sys
from layout import layout
with open(sys.argv[1], encoding="utf-8") as f:
    t = json.load(f)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(layout(t))
    f.write("\n")
' "$trace" "$work/out_python.json"

read t_s t_kb <"$work/t_tlslab"
read p_s p_kb <"$work/t_python"
echo "tlslab show --json: ${t_s} s, peak RSS ${t_kb} KiB"
echo "python3 json load+dump: ${p_s} s, peak RSS ${p_kb} KiB"
python3 - "$t_s" "$p_s" "$t_kb" "$size" <<'PY'
import sys
t, p, kb, size = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print(f"time ratio tlslab/python: {t / p:.2f} (goal <= 0.50)")
print(f"peak RSS / file size: {kb * 1024 / size:.2f} (goal <= 3.00)")
PY
# The two exports are the same bytes: Python is an independent judge of the writer too.
if cmp -s "$work/out_tlslab.json" "$work/out_python.json"; then echo "outputs identical"; else echo "outputs DIFFER"; fi
