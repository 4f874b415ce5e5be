// onnxruntime-web (npm, WebAssembly backend, one thread) on an ONNX export of the same weights
// (bench/export_onnx.py): the same greedy prefill + decode loop as `attn bench`, timed the same way.
// Prints one JSON line. Run by bench/run.mjs in its own node process so its memory is its own.
//
// usage: node bench/ort_bench.mjs MODEL.onnx CONFIG.json --prompt-ids 1,2,3 --decode-tokens N
import fs from 'node:fs';
import * as ort from 'onnxruntime-web';

function fail(message) {
  console.error(`ort_bench: ${message}`);
  process.exit(2);
}

const [modelPath, configPath, ...rest] = process.argv.slice(2);
if (!modelPath || !configPath) fail('usage: ort_bench.mjs MODEL.onnx CONFIG.json --prompt-ids I,J,.. --decode-tokens N');
const option = (name, fallback) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 && i + 1 < rest.length ? rest[i + 1] : fallback;
};
const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
const L = config.n_layer, NH = config.n_head, HS = config.n_embd / config.n_head;
const promptIds = option('prompt-ids', '').split(',').filter(Boolean).map(Number);
const nDecode = Number(option('decode-tokens', '128'));
if (!promptIds.length) fail('--prompt-ids is empty');

ort.env.wasm.numThreads = 1;  // what an embedded page without cross-origin isolation gets
ort.env.wasm.simd = true;
const t0 = performance.now();
const session = await ort.InferenceSession.create(fs.readFileSync(modelPath), {
  executionProviders: ['wasm'],
  graphOptimizationLevel: 'all',
});
const loadSeconds = (performance.now() - t0) / 1000;

const emptyPast = () => new ort.Tensor('float32', new Float32Array(0), [1, NH, 0, HS]);
let past = [];
for (let l = 0; l < L; ++l) past.push(emptyPast(), emptyPast());

async function step(ids) {
  const feeds = {input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length])};
  for (let l = 0; l < L; ++l) {
    feeds[`past_key_${l}`] = past[2 * l];
    feeds[`past_value_${l}`] = past[2 * l + 1];
  }
  const out = await session.run(feeds);
  const next = [];
  for (let l = 0; l < L; ++l) next.push(out[`present_key_${l}`], out[`present_value_${l}`]);
  for (const t of past) if (t.dims[2] > 0) t.dispose?.();
  past = next;
  const logits = out.logits.data;
  let best = 0;
  for (let i = 1; i < logits.length; ++i) if (logits[i] > logits[best]) best = i;
  return best;
}

const tPrefill = performance.now();
const generated = [await step(promptIds)];
const prefillSeconds = (performance.now() - tPrefill) / 1000;
const tDecode = performance.now();
for (let i = 0; i < nDecode; ++i) generated.push(await step([generated[generated.length - 1]]));
const decodeSeconds = (performance.now() - tDecode) / 1000;

console.log(JSON.stringify({
  runtime: `onnxruntime-web ${ort.env.versions?.web ?? ''} wasm, 1 thread`.replace('  ', ' '),
  load_seconds: loadSeconds,
  prompt_tokens: promptIds.length,
  prefill_tokens_per_second: promptIds.length / prefillSeconds,
  decode_tokens: nDecode,
  decode_tokens_per_second: nDecode > 0 ? nDecode / decodeSeconds : 0,
  time_to_first_token_seconds: prefillSeconds,
  generated_ids: generated,
  peak_rss_mb: process.resourceUsage().maxRSS / 1024,
}));
