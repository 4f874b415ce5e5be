// The speed benchmark (issue #8): this engine as WebAssembly in node, natively, and onnxruntime-web's
// WebAssembly backend, on the same weights and the same 128 prompt ids, one thread each; the decode
// ceiling of a plain SIMD matrix-vector kernel; the default model's full trace; the page's size and first
// frame. Prints a table and writes build/bench/results.json. Every number is measured in this run.
// Not a test: nothing here passes or fails on speed. Start it with scripts/bench.sh (builds first).
//
// usage: node bench/run.mjs [--quick] [--repeat N]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'build', 'bench');
const wasmCli = path.join(root, 'build', 'wasm', 'attn.js');
const ceilingJs = path.join(root, 'build', 'wasm', 'ceiling.js');
const nativeCli = path.join(root, 'build', 'native', 'attn');
const webDir = path.join(root, 'build', 'web');
const python = '/usr/bin/python3';
const args = process.argv.slice(2);
const repeat = Number(args[args.indexOf('--repeat') + 1] || 0) || (args.includes('--quick') ? 1 : 2);
const PROMPT = 128, DECODE = 128;

const say = (s) => console.log(`\x1b[1m[bench]\x1b[0m ${s}`);
function run(cmd, argv, what, env = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${(r.stderr || '').trim().split('\n').pop()}`);
  return r.stdout;
}
const lastJson = (text) => JSON.parse(text.trim().split('\n').filter((l) => l.startsWith('{')).pop());

for (const [file, how] of [[wasmCli, 'scripts/build_web.sh'], [ceilingJs, 'scripts/build_web.sh'], [nativeCli, 'scripts/bench.sh']])
  if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run ${how} first`);
fs.mkdirSync(out, { recursive: true });

// ---- models: GPT-2-small shapes (random weights; speed does not depend on values) and the default one --
function prepare() {
  const f32 = path.join(out, 'gpt2-small-f32');
  if (!fs.existsSync(path.join(f32, 'model.safetensors'))) {
    say('writing a random GPT-2-small-shaped checkpoint (scripts/make_synthetic_gpt2.py)');
    run(python, [path.join(root, 'scripts', 'make_synthetic_gpt2.py'), f32], 'make_synthetic_gpt2.py');
  }
  const text = fs.readFileSync(path.join(root, 'tests', 'data', 'heldout_slice.txt'), 'utf8').slice(0, 600);
  const accuracy = {};
  for (const [name, src] of [['gpt2_small', f32], ['default_model', path.join(root, 'weights', 'default')]]) {
    accuracy[name] = {};
    for (const dtype of ['f16', 'int8']) {
      const dir = path.join(out, `${name}-${dtype}`);
      const report = path.join(dir, 'convert.json');
      if (!fs.existsSync(report)) {
        say(`attn convert ${name} → ${dtype} (accuracy against the source on a text)`);
        fs.writeFileSync(report, run(nativeCli, ['convert', '--model', src, '--out', dir, '--dtype', dtype, '--text', text], 'attn convert'));
      }
      accuracy[name][dtype] = JSON.parse(fs.readFileSync(report, 'utf8'));
    }
  }
  const onnx = { gpt2_small: path.join(out, 'gpt2-small-f32.onnx'), default_model: path.join(out, 'default.onnx') };
  for (const [name, file] of Object.entries(onnx)) {
    if (fs.existsSync(file)) continue;
    say(`exporting ${name} to ONNX with python3-torch (bench/export_onnx.py)`);
    run(python, [path.join(root, 'bench', 'export_onnx.py'), name === 'gpt2_small' ? f32 : path.join(root, 'weights', 'default'), file], 'export_onnx.py');
  }
  return { f32, accuracy, onnx };
}

// ---- one measurement per process, best of `repeat` (noise on a shared VM only ever slows a run down) --
function best(runs) {
  const pick = (key) => Math.max(...runs.map((r) => r[key]));
  return { ...runs[0], prefill_tokens_per_second: pick('prefill_tokens_per_second'),
           decode_tokens_per_second: pick('decode_tokens_per_second'),
           time_to_first_token_seconds: Math.min(...runs.map((r) => r.time_to_first_token_seconds)),
           peak_rss_mb: Math.max(...runs.map((r) => r.peak_rss_mb)) };
}

function engine(kind, dir, ids, extra = []) {
  const benchArgs = ['bench', '--model', dir, '--prompt-ids', ids.join(','), '--decode-tokens', String(DECODE), ...extra];
  const runs = [];
  for (let i = 0; i < repeat; ++i) {
    if (kind === 'native') {
      runs.push(lastJson(run(nativeCli, benchArgs, 'attn bench (native)')));
    } else {  // node's own peak resident memory: the wasm heap plus the runtime, as a tab would hold
      const rssFile = path.join(out, 'rss.json');
      fs.rmSync(rssFile, { force: true });
      const result = lastJson(run(process.execPath, ['--no-experimental-fetch', '-r', path.join(root, 'bench', 'report_rss.cjs'), wasmCli, ...benchArgs],
                                  'attn bench (wasm)', { ATTN_RSS_REPORT: rssFile }));
      result.peak_rss_mb = JSON.parse(fs.readFileSync(rssFile, 'utf8')).node_peak_rss_mb;
      runs.push(result);
    }
  }
  return best(runs);
}

function ort(onnx, configDir, ids) {
  const runs = [];
  for (let i = 0; i < repeat; ++i)
    runs.push(lastJson(run(process.execPath, [path.join(root, 'bench', 'ort_bench.mjs'), onnx, path.join(configDir, 'config.json'),
                                               '--prompt-ids', ids.join(','), '--decode-tokens', String(DECODE)], 'ort_bench.mjs')));
  return best(runs);
}

function ceiling(bytes) {
  return lastJson(run(process.execPath, ['--no-experimental-fetch', ceilingJs, String(Math.round(bytes))], 'ceiling.js'));
}

// How many leading greedy tokens two runtimes agree on.
const samePrefix = (a, b) => { let n = 0; while (n < a.length && n < b.length && a[n] === b[n]) ++n; return n; };

async function page() {
  const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(webDir, f)), { level: 9 }).length;
  const files = fs.readdirSync(webDir).filter((f) => /\.(wasm|js)$/.test(f));
  const sizes = Object.fromEntries(files.map((f) => [f, { bytes: fs.statSync(path.join(webDir, f)).size, gzip_bytes: gz(f) }]));
  const { serve, launch } = await import(path.join(root, 'tests', 'browser', 'browser_util.mjs'));
  const port = 8700 + Math.floor(Math.random() * 200);
  const server = await serve(webDir, port);
  const browser = await launch();
  const firstFrames = [], phases = [];
  try {
    for (let i = 0; i < 3; ++i) {  // a fresh context each time: nothing cached, as for a first visit
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const p = await context.newPage();
      await p.goto(`http://127.0.0.1:${port}/`);
      // Checked on every animation frame: the first frame drawn once the model is loaded.
      await p.waitForFunction(() => window.__attn && window.__attn.ready && window.Module && Module.ccall('app_frames', 'number', [], []) > 0,
                              null, { polling: 'raf', timeout: 60000 });
      firstFrames.push(await p.evaluate(() => performance.now()));
      phases.push(await p.evaluate(() => ({ ...window.__attn })));  // loader.js's marks: runtime, downloaded, ready
      await context.close();
    }
  } finally {
    await browser.close();
    server.kill();
  }
  return { sizes, wasm_js_gzip_bytes: Object.values(sizes).reduce((s, x) => s + x.gzip_bytes, 0),
           first_frame_ms: Math.min(...firstFrames), first_frame_ms_runs: firstFrames, loader_marks_ms: phases };
}

// ---- run ------------------------------------------------------------------------------------------------
const models = prepare();
const results = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version, repeat, when: new Date().toISOString() } };
const table = [];
const row = (what, engineFig, ortFig, unit) => table.push([what, engineFig, ortFig, unit]);

for (const name of ['gpt2_small', 'default_model']) {
  const f32Dir = name === 'gpt2_small' ? models.f32 : path.join(root, 'weights', 'default');
  const config = JSON.parse(fs.readFileSync(path.join(f32Dir, 'config.json'), 'utf8'));
  const ids = Array.from({ length: PROMPT }, (_, i) => (i * 7919 + 13) % config.vocab_size);
  say(`${name}: engine (wasm, native) and onnxruntime-web, ${PROMPT}-token prompt, ${DECODE} decoded tokens, best of ${repeat}`);
  const dirs = { f32: f32Dir, f16: path.join(out, `${name}-f16`), int8: path.join(out, `${name}-int8`) };
  const r = {};
  // The default model ships as F16: its "f32" run widens it to F32 at load (same values).
  for (const [fmt, dir] of Object.entries(dirs))
    r[`engine_wasm_${fmt}`] = engine('wasm', dir, ids, fmt === 'f32' ? ['--weights', 'f32'] : []);
  r.engine_native_f32 = engine('native', f32Dir, ids, ['--weights', 'f32']);
  r.ort_web_f32 = ort(models.onnx[name], f32Dir, ids);
  say(`${name}: the decode ceiling (plain SIMD matrix-vector over each format's bytes per token)`);
  // Bytes one decoded token streams: every weight matrix once (wte doubles as the output layer); the
  // position table and the vectors (under 1%) are counted too, as weight_bytes holds them.
  const ceil = {};
  for (const fmt of ['f32', 'f16', 'int8']) {
    const c = ceiling(r[`engine_wasm_${fmt}`].weight_bytes);
    ceil[fmt] = { ...c, tok_s: 1 / c.seconds_per_pass };
  }
  const pick = (key) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v[key]]));
  results[name] = {
    decode_tok_s: pick('decode_tokens_per_second'),
    prefill_tok_s: pick('prefill_tokens_per_second'),
    time_to_first_token_s: pick('time_to_first_token_seconds'),
    peak_mem_mb: pick('peak_rss_mb'),
    weight_bytes: Object.fromEntries(['f32', 'f16', 'int8'].map((f) => [f, r[`engine_wasm_${f}`].weight_bytes])),
    ceiling_decode_tok_s: Object.fromEntries(Object.entries(ceil).map(([f, c]) => [f, c.tok_s])),
    ceiling_gb_per_s: Object.fromEntries(Object.entries(ceil).map(([f, c]) => [f, c.gb_per_s])),
    decode_fraction_of_ceiling: Object.fromEntries(['f32', 'f16', 'int8'].map((f) => [f, r[`engine_wasm_${f}`].decode_tokens_per_second / ceil[f].tok_s])),
    ratio_engine_wasm_over_ort: {
      decode: Object.fromEntries(['f32', 'f16', 'int8'].map((f) => [f, r[`engine_wasm_${f}`].decode_tokens_per_second / r.ort_web_f32.decode_tokens_per_second])),
      prefill: Object.fromEntries(['f32', 'f16', 'int8'].map((f) => [f, r[`engine_wasm_${f}`].prefill_tokens_per_second / r.ort_web_f32.prefill_tokens_per_second])),
    },
    top1_agreement_vs_f32: Object.fromEntries(['f16', 'int8'].map((f) => [f, models.accuracy[name][f].top1_agreement])),
    max_logit_diff_vs_f32: Object.fromEntries(['f16', 'int8'].map((f) => [f, models.accuracy[name][f].max_logit_diff])),
    accuracy_text_tokens: models.accuracy[name].f16.test_tokens,
    greedy_tokens_same_as_ort: { engine_wasm_f32: samePrefix(r.engine_wasm_f32.generated_ids, r.ort_web_f32.generated_ids),
                                 engine_native_f32: samePrefix(r.engine_native_f32.generated_ids, r.ort_web_f32.generated_ids),
                                 of: r.ort_web_f32.generated_ids.length },
    kernels: { wasm: r.engine_wasm_f32.kernels, native: r.engine_native_f32.kernels },
  };
}

say('SmolLM2-135M shapes (Llama family, random BF16): engine wasm F16 and int8, and each format\'s decode ceiling');
{
  const dir = path.join(out, 'smollm2-135m');
  if (!fs.existsSync(path.join(dir, 'model.safetensors')))
    run(python, [path.join(root, 'scripts', 'make_synthetic_llama.py'), dir], 'make_synthetic_llama.py');
  const ids = Array.from({ length: PROMPT }, (_, i) => (i * 7919 + 13) % 49152);
  const s = {};
  for (const fmt of ['f16', 'int8']) {
    const r = engine('wasm', dir, ids, ['--weights', fmt]);
    const c = ceiling(r.weight_bytes);
    s[fmt] = { prefill_tok_s: r.prefill_tokens_per_second, decode_tok_s: r.decode_tokens_per_second, peak_mem_mb: r.peak_rss_mb,
               weight_bytes: r.weight_bytes, ceiling_decode_tok_s: 1 / c.seconds_per_pass,
               decode_fraction_of_ceiling: r.decode_tokens_per_second * c.seconds_per_pass };
  }
  results.smollm2_135m = s;  // no peer runs this model here: the ratio is to the ceiling
}

say('default model: full trace (every layer and head) of 64 tokens in wasm');
{
  const config = JSON.parse(fs.readFileSync(path.join(root, 'weights', 'default', 'config.json'), 'utf8'));
  const ids = Array.from({ length: 64 }, (_, i) => (i * 7919 + 13) % config.vocab_size);
  const t = engine('wasm', path.join(root, 'weights', 'default'), ids, ['--trace-tokens', '64', '--decode-tokens', '0']);
  results.default_model.trace_64_tokens_ms_wasm = t.trace_ms_median;
}

say('interpretability tools on a 20-token text in wasm: ablation re-run, logit lens, attribution (GPT-2-small F16, default model)');
{
  const timings = (dir, vocab) => {
    const ids = Array.from({ length: 20 }, (_, i) => (i * 7919 + 13) % vocab);
    const t = engine('wasm', dir, ids, ['--interpret-tokens', '20', '--decode-tokens', '0']);
    return { ablate_ms: t.ablate_ms_median, lens_ms: t.lens_ms_median, lens_column_ms: t.lens_column_ms_median,
             attribute_ms: t.attribute_ms_median };
  };
  results.interpret_20_tokens_wasm = { gpt2_small_f16: timings(path.join(out, 'gpt2_small-f16'), 50257),
                                       default_model: timings(path.join(root, 'weights', 'default'), 8192) };
}

say('page: gzipped wasm + js, and the first frame with the default model in headless Chromium');
results.page = await page();

fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 1) + '\n');

// ---- the table --------------------------------------------------------------------------------------------
const f = (x, d = 1) => (x === undefined ? '-' : Number(x).toFixed(d));
for (const name of ['gpt2_small', 'default_model']) {
  const r = results[name];
  console.log(`\n${name === 'gpt2_small' ? 'GPT-2-small shapes (124M, random weights)' : 'default model (shipped, 4 layers)'}` +
              `  — 1 thread, ${PROMPT}-token prompt, decode ${PROMPT}→${PROMPT + DECODE}`);
  console.log('runtime              prefill tok/s  decode tok/s  first token ms  peak MB   ×ort prefill  ×ort decode  of ceiling');
  for (const key of ['engine_wasm_f32', 'engine_wasm_f16', 'engine_wasm_int8', 'engine_native_f32', 'ort_web_f32']) {
    const fmt = key.split('_').pop();
    const isWasm = key.startsWith('engine_wasm');
    console.log(key.padEnd(20) + f(r.prefill_tok_s[key]).padStart(14) + f(r.decode_tok_s[key]).padStart(14) +
                f(r.time_to_first_token_s[key] * 1000, 0).padStart(16) + f(r.peak_mem_mb[key], 0).padStart(9) +
                (key === 'ort_web_f32' ? '' : (f(r.prefill_tok_s[key] / r.prefill_tok_s.ort_web_f32, 2) + '×').padStart(14) +
                  (f(r.decode_tok_s[key] / r.decode_tok_s.ort_web_f32, 2) + '×').padStart(13)) +
                (isWasm ? (f(100 * r.decode_fraction_of_ceiling[fmt], 0) + '%').padStart(12) : ''));
  }
  console.log(`ceiling (plain SIMD matvec): f32 ${f(r.ceiling_decode_tok_s.f32)} tok/s (${f(r.ceiling_gb_per_s.f32, 1)} GB/s), ` +
              `f16 ${f(r.ceiling_decode_tok_s.f16)}, int8 ${f(r.ceiling_decode_tok_s.int8)} tok/s`);
  console.log(`accuracy vs f32 over ${r.accuracy_text_tokens} tokens: top-1 agreement f16 ${f(100 * r.top1_agreement_vs_f32.f16, 1)}%, ` +
              `int8 ${f(100 * r.top1_agreement_vs_f32.int8, 1)}%; max logit diff f16 ${f(r.max_logit_diff_vs_f32.f16, 4)}, int8 ${f(r.max_logit_diff_vs_f32.int8, 4)}`);
  console.log(`greedy tokens identical to onnxruntime-web: wasm ${r.greedy_tokens_same_as_ort.engine_wasm_f32}/${r.greedy_tokens_same_as_ort.of}, ` +
              `native ${r.greedy_tokens_same_as_ort.engine_native_f32}/${r.greedy_tokens_same_as_ort.of}`);
}
for (const [fmt, s] of Object.entries(results.smollm2_135m))
  console.log(`SmolLM2-135M shapes ${fmt} (wasm): prefill ${f(s.prefill_tok_s)} tok/s, decode ${f(s.decode_tok_s, 1)} tok/s = ` +
              `${f(100 * s.decode_fraction_of_ceiling, 0)}% of its ceiling (${f(s.ceiling_decode_tok_s, 1)} tok/s), peak ${f(s.peak_mem_mb)} MB`);
console.log(`\ndefault model, full trace of 64 tokens (wasm): ${f(results.default_model.trace_64_tokens_ms_wasm, 1)} ms`);
for (const [name, t] of Object.entries(results.interpret_20_tokens_wasm))
  console.log(`${name}, 20 tokens (wasm): ablation re-run ${f(t.ablate_ms, 1)} ms, logit lens ${f(t.lens_ms, 1)} ms ` +
              `(the clicked position's column ${f(t.lens_column_ms, 1)} ms${name.startsWith('gpt2') ? ', target ≤ 150' : ''}; ` +
              `the rest fills frame by frame), attribution ${f(t.attribute_ms, 1)} ms` +
              (name.startsWith('gpt2') ? '  (targets for GPT-2: ≤ 300 and ≤ 150 ms)' : ''));
console.log(`page: wasm + js ${f(results.page.wasm_js_gzip_bytes / 1024, 0)} KB gzipped; first frame with the default model ` +
            `${f(results.page.first_frame_ms, 0)} ms (runs: ${results.page.first_frame_ms_runs.map((x) => f(x, 0)).join(', ')})`);
{
  const i = results.page.first_frame_ms_runs.indexOf(results.page.first_frame_ms), m = results.page.loader_marks_ms[i];
  console.log(`      (that run: wasm runtime up at ${f(m.runtime, 0)} ms, files downloaded ${f(m.downloaded, 0)} ms, model loaded ${f(m.ready, 0)} ms)`);
}
console.log(`\nwrote ${path.relative(root, path.join(out, 'results.json'))}`);
