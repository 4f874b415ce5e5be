// The speed targets in one table: each figure of build/bench/results.json (bench/run.mjs) and
// build/bench/hub.json (bench/hub.mjs) beside its target, met or not; written to build/bench/targets.json.
// Run last by scripts/bench.sh, so the table is of one run on one machine.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'build', 'bench');
const read = (f) => JSON.parse(fs.readFileSync(path.join(out, f), 'utf8'));
const r = read('results.json'), hub = read('hub.json');
const g = r.gpt2_small, decode = g.decode_tok_s, prefill = g.prefill_tok_s;

// [figure, value, unit, target, at least (true) or at most (false)]
const rows = [
  ['GPT-2-small decode, wasm F32 / onnxruntime-web F32', decode.engine_wasm_f32 / decode.ort_web_f32, '×', 1.3, true],
  ['decode F16 / onnxruntime-web F32', decode.engine_wasm_f16 / decode.ort_web_f32, '×', 2, true],
  ['decode F16 / the engine\'s own F32', decode.engine_wasm_f16 / decode.engine_wasm_f32, '×', 1, true],
  ['decode int8 / onnxruntime-web F32', decode.engine_wasm_int8 / decode.ort_web_f32, '×', 3.5, true],
  ['prefill F32 / onnxruntime-web F32', prefill.engine_wasm_f32 / prefill.ort_web_f32, '×', 1.3, true],
  ['int8 top-1 agreement with F32, trained default model', 100 * r.default_model.top1_agreement_vs_f32.int8, '%', 99, true],
  ['logit lens, GPT-2 F16, 20 tokens: the clicked column', r.interpret_20_tokens_wasm.gpt2_small_f16.lens_column_ms, 'ms', 150, false],
  ['GPT-2 second visit, Hub stopped', hub.f16.cached_load_s, 's', 3, false],
  ['first frame with the default model', r.page.first_frame_ms, 'ms', 1500, false],
];

const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
const table = rows.map(([figure, value, unit, target, atLeast]) => ({
  figure, value, unit, target, at_least: atLeast, met: atLeast ? value >= target : value <= target,
}));
console.log(`\nthe targets (one run, ${r.machine.cpus} CPUs, ${r.machine.when}):`);
for (const t of table)
  console.log(`  ${t.met ? 'met    ' : 'NOT MET'}  ${t.figure}: ${fmt(t.value)} ${t.unit} (target ${t.at_least ? '≥' : '≤'} ${t.target} ${t.unit})`);
console.log(`  int8 top-1 on the random GPT-2-small-shaped model: ${fmt(100 * g.top1_agreement_vs_f32.int8)}% (bench/int8_scales.py says why it stays near 98%)`);
fs.writeFileSync(path.join(out, 'targets.json'), JSON.stringify({ when: r.machine.when, targets: table }, null, 1));
console.log(`wrote ${path.relative(process.cwd(), path.join(out, 'targets.json'))}`);
