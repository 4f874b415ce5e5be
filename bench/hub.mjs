// GPT-2 from the Hub, measured in headless Chromium against the local stand-in (tests/browser/hub_standin.mjs)
// with the GPT-2 124M-shaped random checkpoint: first load over the network and cached load (Hub stopped), the
// tab's peak memory with F16 and int8 storage, and the click / edit / switch latencies, each with its target.
// Writes build/bench/hub.json. usage: node bench/hub.mjs   (scripts/bench.sh runs it after bench/run.mjs)
import fs from 'node:fs';
import path from 'node:path';
import { launch, root, serve, waitReady } from '../tests/browser/browser_util.mjs';
import { startHub } from '../tests/browser/hub_standin.mjs';
import { hubRepos, latencies, peakRendererMB } from '../tests/browser/hub_fixture.mjs';

const out = path.join(root, 'build', 'bench');
fs.mkdirSync(out, { recursive: true });
const { repos } = hubRepos(out);
let hub = await startHub({ repos: { 'openai-community/gpt2': repos['openai-community/gpt2'] }, etag: 'stat' });
const ports = { hubPort: hub.hubPort, storagePort: hub.storagePort };
const server = await serve(path.join(root, 'build', 'web'), 8690);
const address = (extra = '') => `http://127.0.0.1:8690/?model=hf:openai-community/gpt2&hub=${encodeURIComponent(hub.hubUrl)}${extra}`;
const seconds = (page) => page.evaluate(() => (window.__attn.ready - window.__attn.start) / 1000);
const results = {};

for (const dtype of ['f16', 'int8']) {
  const browser = await launch();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(address(dtype === 'int8' ? '&dtype=int8' : ''));
  await waitReady(page, 600000);
  const r = { first_load_s: await seconds(page), peak_tab_mb: await peakRendererMB(browser) };
  if (dtype === 'f16') {
    Object.assign(r, await latencies(page));
    // The whole context: a pasted text cut to 1,024 tokens, heads 5.1 and 7.3 knocked out, the lens open.
    const long = Array.from({ length: 200 }, (_, i) => `The ${['cat', 'dog', 'bird'][i % 3]} sat on mat ${i}.`).join(' ');
    const t0 = Date.now();
    await page.evaluate((t) => Module.ccall('app_set_text', null, ['string'], [t]), long);
    await waitReady(page, 600000);
    r.whole_context_read_s = (Date.now() - t0) / 1000;
    await page.evaluate(() => Module.ccall('app_set_knockout', 'string', ['string', 'string'], ['5.1,7.3', 'zero']));
    await page.evaluate(() => Module.ccall('app_set_view', 'number', ['string'], ['lens']));
    await page.waitForFunction((n) => Module.ccall('app_frames', 'number', [], []) > n + 3,
                               await page.evaluate(() => Module.ccall('app_frames', 'number', [], [])), { timeout: 600000 });
    r.whole_context_wasm_mb = await page.evaluate(() => Module.HEAPU8.length / 1e6);
    r.whole_context_tab_mb = await peakRendererMB(browser);
    // The engine's own copy (web/converted_cache.js) is written after the first load; the second visit reads it.
    await page.waitForFunction(() => window.__attn.converted !== 'saving', null, { timeout: 600000 });
    r.copy_saved = await page.evaluate(() => window.__attn.converted);
    await hub.close();
    await page.reload();
    await waitReady(page, 600000);
    r.cached_load_s = await seconds(page);
    Object.assign(r, await page.evaluate(() => {
      const a = window.__attn, at = (mark) => Math.round(a[mark] - a.start);
      return { cached_from_network_bytes: a.model.fromNetwork, cached_bytes: a.model.bytes, cached_from: a.converted === 'loaded' ? 'engine copy' : 'original file',
               cached_marks_ms: { runtime: at('runtime'), weights_start: at('copyFeedStart'), weights_done: at('downloaded'), ready: at('ready'),
                                  copy_read_wait: Math.round(a.copyReadMs || 0), copy_feed: Math.round(a.copyFeedMs || 0) } };
    }));
    hub = await startHub({ repos: { 'openai-community/gpt2': repos['openai-community/gpt2'] }, etag: 'stat', ...ports });
  }
  results[dtype] = r;
  await browser.close();
}
await hub.close();
server.kill();

const f = (x, d = 0) => Number(x).toFixed(d);
const target = (x, t) => `${f(x, x < 10 ? 1 : 0)} (target ${t}: ${x <= t ? 'met' : 'NOT met'}, ${f(x / t, 2)}x)`;
const a = results.f16, b = results.int8;
console.log('\nGPT-2 124M-shaped from the local Hub stand-in (548 MB F32 file), headless Chromium:');
console.log(`  F16 storage: first load ${f(a.first_load_s, 1)} s, cached load ${f(a.cached_load_s, 1)} s (Hub stopped, ` +
            `${a.cached_from_network_bytes} bytes from the network), peak tab memory MB ${target(a.peak_tab_mb, 1000)}`);
  console.log(`  second visit (Hub stopped) from the ${a.cached_from} (${(a.cached_bytes / 1e6).toFixed(0)} MB): ready in s ` +
              `${target(a.cached_load_s, 3)}; marks ms ${JSON.stringify(a.cached_marks_ms)}`);
console.log(`  int8 storage: first load ${f(b.first_load_s, 1)} s, peak tab memory MB ${target(b.peak_tab_mb, 700)}`);
console.log(`  1,024 tokens (read in ${f(a.whole_context_read_s, 1)} s), heads 5.1 and 7.3 knocked out, logit lens open: ` +
            `wasm memory MB ${target(a.whole_context_wasm_mb, 1500)}, tab ${f(a.whole_context_tab_mb)} MB`);
console.log(`  ${a.tokens}-token sentence: next-token click ms ${target(a.click, 150)}, edit last word ms ${target(a.edit, 400)}, ` +
            `layer/head switch ${f(a.switchMs, 2)} ms in the call (drawn by the next frame)`);
fs.writeFileSync(path.join(out, 'hub.json'), JSON.stringify(results, null, 1));
console.log(`wrote ${path.relative(root, path.join(out, 'hub.json'))}`);
