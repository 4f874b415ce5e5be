// A second visit to a Hub model loads the engine's own copy (web/converted_cache.js) with no network and no
// reconversion, and never a copy made from another revision of the model or by another engine version.
// Against the local Hub stand-in with the GPT-2 124M-shaped random checkpoint. Prints the cached load time
// (a figure, not an assertion: this machine is noisy; bench/hub.mjs reports it against its 3 s target).
// usage: node tests/browser/converted_cache_test.mjs WEB_DIR WORK_DIR
import fs from 'node:fs';
import path from 'node:path';
import { assert, callString, launch, run, serve, waitReady } from './browser_util.mjs';
import { startHub } from './hub_standin.mjs';
import { hubRepos } from './hub_fixture.mjs';

const [webDir, workDir] = process.argv.slice(2);
const { gpt2, weightsBytes } = hubRepos(workDir);
const repos = { 'openai-community/gpt2': gpt2 };
let hub = await startHub({ repos, etag: 'stat' });
const ports = { hubPort: hub.hubPort, storagePort: hub.storagePort };
const port = 8600 + Math.floor(Math.random() * 100);
const server = await serve(webDir, port);
const address = `http://127.0.0.1:${port}/?model=hf:openai-community/gpt2&hub=${encodeURIComponent(hub.hubUrl)}` +
                `&text=${encodeURIComponent('The cat sat on the mat because it was')}`;

const browser = await launch();
const context = await browser.newContext();
const page = await context.newPage();
page.on('pageerror', (e) => console.log(`page error: ${e.message}`));

const loadInfo = () => page.evaluate(() => {
  const a = window.__attn, s = (mark) => ((a[mark] - a.start) / 1000).toFixed(2);
  return { ...a.model, converted: a.converted, seconds: (a.ready - a.start) / 1000, marks: `runtime ${s('runtime')} s, files ${s('filesStart')} s, copy ${s('copyStart')} s, feed ${s('copyFeedStart')} s, weights ${s('downloaded')} s, ready ${s('ready')} s; copy read ${a.copyReadMs | 0} ms, fed ${a.copyFeedMs | 0} ms` };
});
const saved = () => page.waitForFunction(() => window.__attn.converted === 'saved' || window.__attn.converted === 'not saved', null, { timeout: 300000 })
  .then(() => page.evaluate(() => window.__attn.converted));
// The next-token distribution and the attention shown: what the reader sees, to compare loads.
const numbers = async () => {
  const e = JSON.parse(await callString(page, 'app_export', [], []));
  return JSON.stringify({ ids: e.ids, next: e.next_tokens.slice(0, 5), attention: e.attention });
};
const cacheKeys = () => page.evaluate(async () => (await (await caches.open('attn-models-v1')).keys()).map((k) => decodeURIComponent(k.url)));
const reload = async () => { await page.reload(); await waitReady(page, 300000); return loadInfo(); };
let first = null;
const figures = [];

await run([
  ['first visit: downloaded, then the engine\'s copy kept and the original file\'s parts dropped', async () => {
    await page.goto(address);
    await waitReady(page, 300000);
    const t = await loadInfo();
    assert(t.fromNetwork === weightsBytes && t.converted === 'saving', `from the network, copy being made (${JSON.stringify(t)})`);
    first = await numbers();
    assert(await saved() === 'saved', 'the copy was saved');
    const keys = await cacheKeys();
    assert(keys.some((k) => k.includes('__attn-converted/hf%3Aopenai-community%2Fgpt2/auto/v') && k.endsWith('/manifest')), 'the copy is in Cache Storage');
    assert(!keys.some((k) => k.includes('model.safetensors')), 'the original file\'s parts are gone');
    figures.push(`first load ${t.seconds.toFixed(1)} s`);
  }],
  ['second visit with the Hub stopped: the copy, nothing from the network, the same numbers', async () => {
    await hub.close();
    const t = await reload();
    assert(t.converted === 'loaded' && t.fromNetwork === 0, `loaded from the copy (${JSON.stringify(t)})`);
    assert(t.bytes < weightsBytes * 0.5, `the copy is F16, under half the F32 file (${t.bytes} of ${weightsBytes})`);
    assert(await numbers() === first, 'the same token ids, next-token odds and attention as the first load');
    figures.push(`cached load ${t.seconds.toFixed(1)} s with the Hub stopped (target 3 s; ${t.marks})`);
    hub = await startHub({ repos, etag: 'stat', ...ports });
  }],
  ['a copy made by another engine version is never read', async () => {
    const version = await page.evaluate(() => Module.ccall('app_weights_format_version', 'number', [], []));
    // Move the copy to the previous version's key, as an older engine would have left it.
    await page.evaluate(async (v) => {
      const cache = await caches.open('attn-models-v1');
      for (const k of await cache.keys()) {
        if (!k.url.includes(`auto%2Fv${v}`)) continue;
        await cache.put(k.url.replace(`auto%2Fv${v}`, `auto%2Fv${v - 1}`), await cache.match(k));
        await cache.delete(k);
      }
    }, version);
    const t = await reload();
    assert(t.converted !== 'loaded' && t.fromNetwork === weightsBytes, `downloaded again (${JSON.stringify(t)})`);
    assert(await numbers() === first, 'the same numbers');
    assert(await saved() === 'saved', 'a new copy saved');
    const keys = await cacheKeys();
    assert(!keys.some((k) => k.includes(`/auto/v${version - 1}/`)), 'the old version\'s copy was dropped');
  }],
  ['a copy made from another revision of the model is never read', async () => {
    const file = path.join(gpt2, 'model.safetensors');
    const when = new Date(Date.now() + 60000);
    fs.utimesSync(file, when, when);  // a new ETag from the stand-in, as a new commit on the Hub would give
    const t = await reload();
    assert(t.converted !== 'loaded' && t.fromNetwork === weightsBytes, `the new revision downloaded (${JSON.stringify(t)})`);
    assert(await saved() === 'saved', 'a copy of the new revision saved');
  }],
], async () => {
  console.log(figures.map((f) => `figure: ${f}`).join('\n'));
  await browser.close();
  await hub.close();
  server.kill();
});
