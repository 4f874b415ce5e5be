#!/usr/bin/env python3
"""Every broken model from make_bad_models.py: `attn trace` exits 2 with exactly one line on stderr that
starts with "error:", names the file, and says what is wrong.

usage: bad_models_test.py ATTN REFERENCE_DIR WORK_DIR
"""
import json
import os
import subprocess
import sys

attn, ref_dir, work = sys.argv[1:4]
out = os.path.join(work, "bad-models")
subprocess.run(["/usr/bin/python3", os.path.join(os.path.dirname(__file__), "make_bad_models.py"), os.path.join(ref_dir, "f32"), out],
               check=True)
cases = json.load(open(os.path.join(out, "cases.json")))
failed = []
for case, expect in cases.items():
    r = subprocess.run([attn, "trace", "--model", os.path.join(out, case), "--text", "hello"], capture_output=True, timeout=60)
    err = r.stderr.decode(errors="replace")
    ok = (r.returncode == 2 and err.startswith("error: ") and err.count("\n") == 1 and expect in err
          and ("model.safetensors" in err or "config.json" in err))
    print(f"{'ok' if ok else 'FAILED'} - {case}: {err.strip()}")
    if not ok:
        failed.append(case)
print(f"{len(cases) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
