#!/usr/bin/env python3
"""Runs the attn CLI as a user would and checks its output against independent references:
token ids from tests/data/tokenizer_reference.json, attention and logits from the PyTorch reference.json.

usage: cli_test.py ATTN_BINARY REFERENCE_DIR TEST_DATA_DIR
"""
import json
import subprocess
import sys

attn, ref_dir, data_dir = sys.argv[1:4]
failures = []
checks = 0


def run(*args, stdin=None):
    return subprocess.run([attn, *args], input=stdin, capture_output=True, timeout=120)


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)


# tokenize: --text and --stdin (raw bytes) against the reference ids
cases = json.load(open(f"{data_dir}/tokenizer_reference.json", encoding="utf-8"))["cases"]
for c in cases[:40]:
    if "\x00" in c["text"]:
        continue  # argv cannot carry NUL
    r = run("tokenize", "--text", c["text"]) if c["text"] else run("tokenize", "--stdin", stdin=b"")
    check(r.returncode == 0 and json.loads(r.stdout)["ids"] == c["ids"], f"tokenize {c['text']!r}")
for c in cases[-20:]:
    r = run("tokenize", "--stdin", stdin=c["text"].encode())
    out = json.loads(r.stdout)
    check(out["ids"] == c["ids"] and len(out["tokens"]) == len(out["ids"]), f"tokenize --stdin {c['text']!r}")
r = run("tokenize", "--model", f"{ref_dir}/f32", "--text", "Hello, world!")
check(json.loads(r.stdout)["ids"] == [39, 695, 78, 11, 995, 0], "tokenize with a vocab-1024 model")

# trace: attention [layer][head][query][key] and last-position logits against PyTorch
ref = json.load(open(f"{ref_dir}/reference.json"))
case = ref["variants"]["f32"][0]
r = run("trace", "--model", f"{ref_dir}/f32", "--text", case["text"])
check(r.returncode == 0, "trace runs")
out = json.loads(r.stdout)
check(out["ids"] == case["ids"], "trace ids")
worst = max(abs(a - b) for la, lb in zip(out["attention"], case["attention"]) for ha, hb in zip(la, lb)
            for qa, qb in zip(ha, hb) for a, b in zip(qa, qb))
check(worst < 1e-4, f"trace attention within 1e-4 (worst {worst})")
check(max(abs(a - b) for a, b in zip(out["logits"], case["logits"][-1])) < 1e-4, "trace logits within 1e-4")
top = out["logits_top"]
check(len(top) == 10 and top[0]["prob"] >= top[1]["prob"], "logits_top sorted")
best = max(range(len(case["logits"][-1])), key=lambda i: case["logits"][-1][i])
check(top[0]["id"] == best, "logits_top[0] is PyTorch's argmax")
r = run("trace", "--model", f"{ref_dir}/f32", "--text", case["text"], "--layer", "1", "--head", "2")
out = json.loads(r.stdout)
check(out["layers"] == [1] and out["heads"] == [2] and len(out["attention"]) == 1 and len(out["attention"][0]) == 1,
      "trace --layer --head selects one matrix")
check(max(abs(a - b) for qa, qb in zip(out["attention"][0][0], case["attention"][1][2]) for a, b in zip(qa, qb)) < 1e-4,
      "selected head matches PyTorch")
n_long = len(json.loads(run("tokenize", "--model", f"{ref_dir}/f32", "--text", "word " * 200).stdout)["ids"])
r = run("trace", "--model", f"{ref_dir}/f32", "--text", "word " * 200)
out = json.loads(r.stdout)
check(r.returncode == 0 and out["dropped_tokens"] == n_long - 64 and len(out["ids"]) == 64,
      "long text keeps the last n_ctx tokens")

# generate: deterministic per seed, greedy equals PyTorch's argmax chain
g = lambda *a: run("generate", "--model", f"{ref_dir}/f32", "--prompt", "Hello", "--tokens", "12", "--json", *a)  # noqa
a, b, c = g("--seed", "5"), g("--seed", "5"), g("--seed", "6")
check(a.returncode == 0 and a.stdout == b.stdout, "generate: same seed, same output")
check(json.loads(a.stdout)["ids"] != json.loads(c.stdout)["ids"], "generate: another seed, other output")
greedy = json.loads(g("--temperature", "0").stdout)
check(len(greedy["ids"]) == 12 and all(p > 0 for p in greedy["probs"]), "greedy generate")
r = run("generate", "--model", f"{ref_dir}/f32", "--prompt", case["text"], "--tokens", "1", "--temperature", "0", "--json")
check(json.loads(r.stdout)["ids"] == [best], "greedy next token is PyTorch's argmax")
r = run("generate", "--model", f"{ref_dir}/f32", "--prompt", "Hi", "--tokens", "200", "--json")
check(json.loads(r.stdout)["stopped_at_context"] is True, "generation stops at the context")

# heads: the clearest first-token head is the one PyTorch's weights put most mass on token 0
case = ref["variants"]["f32"][0]
r = run("heads", "--model", f"{ref_dir}/f32", "--text", case["text"], "--json")
out = json.loads(r.stdout)
T = len(case["ids"])
mean_first = {(l, h): sum(case["attention"][l][h][t][0] for t in range(1, T)) / (T - 1)
              for l in range(len(case["attention"])) for h in range(len(case["attention"][0]))}
best = max(mean_first, key=mean_first.get)
got = out["patterns"]["first-token"][0]
check((got["layer"], got["head"]) == best and abs(got["score"] - mean_first[best]) < 1e-4, "heads: first-token head")

# bench prints figures
r = run("bench", "--model", f"{ref_dir}/f32", "--prompt-tokens", "16", "--decode-tokens", "16")
check(r.returncode == 0 and json.loads(r.stdout)["decode_tokens_per_second"] > 0, "bench prints figures")
# bench with the caller's prompt ids and each weight storage; its first greedy token is PyTorch's argmax
ids = ref["variants"]["f32"][0]["ids"]
for fmt in ("f32", "f16", "int8"):
    r = run("bench", "--model", f"{ref_dir}/f32", "--prompt-ids", ",".join(map(str, ids)), "--decode-tokens", "4",
            "--weights", fmt, "--trace-tokens", str(len(ids)))
    out = json.loads(r.stdout) if r.returncode == 0 else {}
    check(out.get("weights") == fmt and out.get("prompt_tokens") == len(ids) and len(out.get("generated_ids", [])) == 5
          and out.get("trace_ms_median", 0) > 0, f"bench --weights {fmt} --prompt-ids --trace-tokens")
    if fmt == "f32":
        logits = ref["variants"]["f32"][0]["logits"][-1]
        check(out["generated_ids"][0] == max(range(len(logits)), key=logits.__getitem__),
              "bench: the first greedy token is PyTorch's argmax")

# ablate / lens / attribute / heads --induction against the PyTorch hooks (reference.json "interpret")
icase = ref["interpret"][0]
M = f"{ref_dir}/f32"
for ab in icase["ablations"]:
    heads = ",".join(f"{l}.{h}" for l, h in ab["heads"])
    r = run("ablate", "--model", M, "--text", icase["text"], "--heads", heads, "--mode", ab["mode"])
    out = json.loads(r.stdout) if r.returncode == 0 else {}
    check(out.get("heads") == ab["heads"] and out.get("mode") == ab["mode"] and out.get("ids") == icase["ids"],
          f"ablate {heads} {ab['mode']}: heads, mode, ids")
    check(max(abs(a - b) for a, b in zip(out.get("logits_after", []), ab["logits"])) < 1e-4 and
          len(out.get("logits_after", [])) == len(ab["logits"]), f"ablate {heads} {ab['mode']}: logits match PyTorch")
    check(max(abs(a - b) for a, b in zip(out["logits_before"], case["logits"][-1])) < 1e-4, "ablate: logits_before")
    check(len(out["before"]) == 10 and len(out["after"]) == 10 and out["after"][0]["prob"] >= out["after"][1]["prob"]
          and {"id", "token", "prob"} <= set(out["after"][0]), f"ablate {heads}: top-10 before and after")
r = run("ablate", "--model", M, "--text", icase["text"], "--heads", "0.1")
check(r.returncode == 0 and json.loads(r.stdout)["mode"] == "zero", "ablate: zero is the default mode")
r = run("lens", "--model", M, "--text", icase["text"], "--top", "3")
out = json.loads(r.stdout) if r.returncode == 0 else {"layers": []}
check(len(out["layers"]) == len(icase["lens"]) and all(len(row) == len(icase["ids"]) for row in out["layers"]),
      "lens: one row per boundary, one cell per position")
worst = max((abs(p["prob"] - icase["lens"][l][t][p["id"]]) for l, row in enumerate(out["layers"])
             for t, cell in enumerate(row) for p in cell["top"]), default=1)
check(worst < 1e-4, f"lens: probabilities match PyTorch (worst {worst})")
check(all(len(cell["top"]) == 3 for row in out["layers"] for cell in row), "lens --top 3")
check(out["layers"][0][-1]["next_id"] is None and out["layers"][0][0]["next_id"] == icase["ids"][1], "lens: next_id")
att = icase["attribution"]
r = run("attribute", "--model", M, "--text", icase["text"])
out = json.loads(r.stdout) if r.returncode == 0 else {"parts": []}
check(out.get("token") == att["token"], "attribute: default token is the model's top next token")
check(max((abs(p["value"] - q) for p, q in zip(out["parts"], att["parts"])), default=1) < 1e-4
      and len(out["parts"]) == len(att["parts"]), "attribute: parts match PyTorch")
check(abs(out.get("sum", 0) - att["logit"]) < 1e-3 and abs(out.get("logit", 0) - att["logit"]) < 1e-4, "attribute: parts sum to the logit")
check([p["kind"] for p in out["parts"][:2]] == ["embed", "head"] and out["parts"][1]["layer"] == 0
      and out["parts"][-1]["kind"] == "ln_f_bias", "attribute: part kinds and order")
r = run("attribute", "--model", M, "--text", icase["text"], "--token", str(att["token"]), "--versus", str(att["versus"]))
out = json.loads(r.stdout) if r.returncode == 0 else {"parts": []}
check(max((abs(p["value"] - q) for p, q in zip(out["parts"], att["parts_versus"])), default=1) < 1e-4
      and abs(out.get("sum", 0) - att["difference"]) < 1e-3 and out.get("versus") == att["versus"], "attribute --versus")
r = run("heads", "--model", M, "--text", icase["text"], "--induction", "--json")
out = json.loads(r.stdout) if r.returncode == 0 else {"induction": []}
ref_ind = {(l, h): v for l, row in enumerate(icase["induction"]) for h, v in enumerate(row)}
check(len(out["induction"]) == len(ref_ind) and all(abs(e["induction"] - ref_ind[(e["layer"], e["head"])]) < 1e-4
                                                    for e in out["induction"]), "heads --induction matches PyTorch")
check(out["induction"] == sorted(out["induction"], key=lambda e: -e["induction"]), "heads --induction sorted")
check(out["repeated_tokens"] == 2 * len(icase["ids"]), "heads --induction repeats the text")

# errors: one line starting "error:" and exit 2
bad = [("trace", "--model", "/nonexistent", "--text", "x"), ("generate", "--model", f"{ref_dir}/f32", "--prompt", ""),
       ("trace", "--model", f"{ref_dir}/f32", "--text", "x", "--layer", "7"), ("tokenize",), ("frobnicate",),
       ("generate", "--model", f"{ref_dir}/f32", "--prompt", "x", "--temperature", "abc"),
       ("tokenize", "--text", "x", "--bogus", "1"), ("trace", "--text", "x"),
       ("bench", "--model", f"{ref_dir}/f32", "--weights", "f64"), ("bench", "--model", f"{ref_dir}/f32", "--prompt-ids", "1,x"),
       ("bench", "--model", f"{ref_dir}/f32", "--prompt-ids", "99999"),
       ("ablate", "--model", M, "--text", "x", "--heads", "9.9"), ("ablate", "--model", M, "--text", "x", "--heads", ""),
       ("ablate", "--model", M, "--text", "x"), ("ablate", "--model", M, "--text", "x", "--heads", "0.1", "--mode", "half"),
       ("ablate", "--model", M, "--text", "", "--heads", "0.1"), ("lens", "--model", M, "--text", "x", "--top", "0"),
       ("lens", "--model", M), ("attribute", "--model", M, "--text", "x", "--token", "1024"),
       ("attribute", "--model", M, "--text", "x", "--token", "-3"), ("attribute", "--model", M, "--text", "x", "--versus", "5000"),
       ("attribute", "--model", M, "--text", "x", "--token", "abc"), ("heads", "--model", M, "--text", "a", "--induction")]
for args in bad:
    r = run(*args)
    err = r.stderr.decode()
    check(r.returncode == 2 and err.startswith("error: ") and err.count("\n") == 1, f"error line for {args}: {err!r}")

print(f"{checks - len(failures)} passed, {len(failures)} failed")
for f in failures:
    print("FAILED:", f)
sys.exit(1 if failures else 0)
