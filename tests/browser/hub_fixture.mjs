// Shared by the Hub browser test and the benchmark (bench/hub.mjs): the stand-in's checkpoints and repos,
// the tab's peak memory, and the reader-facing latencies.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { call, root, state } from './browser_util.mjs';

// GPT-2 124M-shaped (F32, Hub names and buffers) and distilgpt2-shaped (6 layers, transformer. prefix, its own
// lm_head) random checkpoints with the Hub's tokenizer files, made once (deterministic) under workDir; plus
// repos refused by their config.json or header. -> { gpt2, distil, repos, behaviour, weightsBytes }
export function hubRepos(workDir) {
  const hubDir = path.join(workDir, 'hub-standin');
  const checkpoint = (name, args) => {
    const dir = path.join(hubDir, name);
    if (!fs.existsSync(path.join(dir, 'merges.txt')))
      execFileSync('/usr/bin/python3', [path.join(root, 'scripts', 'make_synthetic_gpt2.py'), dir, '--tokenizer', ...args], { stdio: 'inherit' });
    return dir;
  };
  const gpt2 = checkpoint('gpt2', []);
  const distil = checkpoint('distilgpt2', ['--shape', 'distilgpt2', '--untied']);
  const configOnly = (name, config) => {
    const dir = path.join(hubDir, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    // Any GPT-2 file will do (a link, not a copy): these repos are refused by their config.json or the header.
    const weights = path.join(dir, 'model.safetensors');
    if (!fs.existsSync(weights)) fs.symlinkSync(path.join(gpt2, 'model.safetensors'), weights);
    return dir;
  };
  const t5 = configOnly('t5', { model_type: 't5', architectures: ['T5ForConditionalGeneration'], d_model: 512 });
  const huge = configOnly('huge', { model_type: 'gpt2', n_layer: 96, n_head: 64, n_embd: 8192, n_positions: 2048, vocab_size: 50257 });
  // SmolLM2's layout (Llama family: names, BF16, tokenizer.json, 6 query heads over 2 key/value heads), small:
  // the reference checkpoint scripts/make_llama_reference.py writes for the C++ tests, when the fixture made it.
  const smollm = path.join(workDir, 'reference', 'llama', 'smollm');
  const llama = fs.existsSync(path.join(smollm, 'tokenizer.json')) ? { 'HuggingFaceTB/SmolLM2-135M': smollm } : {};
  // BERT's layout (bert. prefix, vocab.txt, the masked-LM head), small: scripts/make_bert_reference.py's.
  const bert = path.join(workDir, 'reference', 'bert', 'mlm');
  const encoder = fs.existsSync(path.join(bert, 'vocab.txt')) ? { 'google-bert/bert-base-uncased': bert } : {};
  return {
    gpt2, distil, smollm, bert, weightsBytes: fs.statSync(path.join(gpt2, 'model.safetensors')).size,
    repos: { 'openai-community/gpt2': gpt2, 'distilbert/distilgpt2': distil, 'test/private': gpt2, 'test/gated': gpt2,
             'test/nocors': gpt2, 'test/t5': t5, 'test/huge': huge, ...llama, ...encoder },
    behaviour: { 'test/private': 'private', 'test/gated': 'gated', 'test/nocors': 'no-cors' },
  };
}

// Peak resident memory of the tab: the highest VmHWM among the browser's renderer processes (MB).
export async function peakRendererMB(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  let peak = 0;
  for (const p of processInfo.filter((p) => p.type === 'renderer')) {
    try {
      const status = fs.readFileSync(`/proc/${p.id}/status`, 'utf8');
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024);
    } catch (e) { /* gone */ }
  }
  return peak;
}

// Medians of 5: a next-token bar click (one decode step), an edit of the last word of a 20-token sentence (a
// re-trace from the changed token), a layer/head switch (reads the trace; the next frame draws it).
export async function latencies(page) {
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const sentence = 'The quick brown fox jumps over the lazy dog while the farmer watches from the old red barn near the';
  await page.evaluate((t) => Module.ccall('app_set_text', null, ['string'], [t]), sentence);
  const tokens = (await state(page)).ids.length;
  const click = [], edit = [], switches = [];
  for (let i = 0; i < 5; ++i) {
    click.push(await page.evaluate(() => { const t = performance.now(); Module.ccall('app_choose_next', 'number', ['number'], [0]);
                                              return performance.now() - t; }));
    await call(page, 'app_undo', [], []);
    edit.push(await page.evaluate((t) => { const s = performance.now(); Module.ccall('app_set_text', null, ['string'], [t]);
                                           return performance.now() - s; }, sentence.replace(/the$/, ['a', 'his', 'our', 'that', 'this'][i])));
    switches.push(await page.evaluate((h) => { const t = performance.now(); Module.ccall('app_set_layer_head', null, ['number', 'number'], [5, h]);
                                               return performance.now() - t; }, i));
  }
  return { tokens, click: median(click), edit: median(edit), switchMs: median(switches) };
}
