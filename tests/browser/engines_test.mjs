// The page in Firefox and in WebKit (Safari's engine, the engine of every browser on an iPhone): the core scenario
// (the default model, a typed text, a token chip and a next-token bar clicked with real pointer events, every view)
// checked against the native engine, and the Hub stand-in scenario (load, Cache Storage, offline reload, a cut
// download resumed with a Range request), which leans on the parts engines differ in most.
// usage: xvfb-run -a node tests/browser/engines_test.mjs firefox|webkit WEB_DIR ATTN_CLI WORK_DIR
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { assert, run, serve } from './browser_util.mjs';
import { openFirefox, openWebKit } from './engines.mjs';
import { startHub } from './hub_standin.mjs';

const [engine, webDir, attnCli, workDir] = process.argv.slice(2);
const open = { firefox: openFirefox, webkit: openWebKit }[engine];
if (!open) throw new Error(`engine must be firefox or webkit, not ${engine}`);
const shots = path.join(workDir, 'screens');
fs.mkdirSync(shots, { recursive: true });
const port = 8890 + Math.floor(Math.random() * 100);
const server = await serve(webDir, port);
const page0 = `http://127.0.0.1:${port}/`;

const state = (tab) => tab.evaluate(() => JSON.parse(Module.ccall('app_state_json', 'string', [], [])));
const layout = (tab) => tab.evaluate(() => JSON.parse(Module.ccall('app_layout_json', 'string', [], [])));
const ready = (tab, timeout = 120000) => tab.waitFor(() => {
  try { return window.Module && Module.ccall && JSON.parse(Module.ccall('app_state_json', 'string', [], [])).ready; }
  catch (e) { return false; }
}, timeout);
const frames = (tab) => tab.evaluate(() => Module.ccall('app_frames', 'number', [], []));
async function clickRect(tab, rect) {
  const [x, y, w, h] = rect;
  await tab.click(x + w / 2, y + h / 2);
  await new Promise((r) => setTimeout(r, 250));
}

const tab = await open();
console.log(`# ${tab.name}`);
const t0 = Date.now();
await run([
  [`${engine}: the default model, a typed text, a chip and a bar clicked, every view; equal to the native engine`, async () => {
    const start = Date.now();
    await tab.goto(`${page0}?model=default&lang=en`);  // the labels it finds are English, whatever the system locale
    await ready(tab);
    console.log(`# ${engine}: ready in ${((Date.now() - start) / 1000).toFixed(1)} s`);
    const text = 'The cat sat on the';
    await tab.type('#text-field', text);
    await tab.waitFor((t) => JSON.parse(Module.ccall('app_state_json', 'string', [], [])).text === t, 20000, text);
    let s = await state(tab);
    const cli = JSON.parse(execFileSync(attnCli, ['trace', '--model', `${webDir}/weights/default`, '--text', text], { maxBuffer: 1 << 30 }));
    assert(JSON.stringify(s.ids) === JSON.stringify(cli.ids), `GPT-2's ids (${s.ids} vs ${cli.ids})`);
    const top = cli.logits.indexOf(Math.max(...cli.logits));
    assert(s.next[0].id === top, `the same most likely next token (${s.next[0].id} vs ${top})`);
    // A chip, with a real pointer.
    await tab.evaluate(() => { document.activeElement && document.activeElement.blur && document.activeElement.blur(); });
    const before = await frames(tab);
    await tab.waitFor((n) => Module.ccall('app_frames', 'number', [], []) > n + 2, 10000, before);
    await clickRect(tab, (await layout(tab)).chip1);
    s = await state(tab);
    assert(s.selected === 1, `chip 1 selects token 1 (${s.selected})`);
    // A bar: its token is appended.
    const next = s.next[0].id;
    await clickRect(tab, (await layout(tab)).bar0);
    await tab.waitFor((n) => JSON.parse(Module.ccall('app_state_json', 'string', [], [])).ids.length === n, 10000, cli.ids.length + 1);
    s = await state(tab);
    assert(s.ids[s.ids.length - 1] === next, `the clicked bar's token is appended (${s.ids.at(-1)} vs ${next})`);
    // Every view draws (frames go on, no error); one tab switched with the pointer.
    // Every view of the app's table (core/views.def), as the page lists them.
    const views = (await tab.evaluate(() => JSON.parse(Module.ccall('app_views', 'string', [], [])))).map((v) => v.id);
    assert(views.length >= 15 && views.includes('heatmap'), `the view table (${views})`);
    for (const view of views) {
      await tab.evaluate((v) => Module.ccall('app_set_view', 'number', ['string'], [v]), view);
      const n = await frames(tab);
      await tab.waitFor((m) => Module.ccall('app_frames', 'number', [], []) > m + 2, 20000, n);
      s = await state(tab);
      assert(s.view === view && s.error === null, `${view}: drawn without an error (${s.error})`);
      if (view === 'mask' || view === 'lesson') await tab.screenshot(path.join(shots, `${engine}_${view}.png`));
    }
    const items = (await layout(tab))._items;
    const heatmapTab = items.find((it) => it.label === 'Attention heatmap');
    assert(heatmapTab, 'the view tabs are on screen');
    await clickRect(tab, heatmapTab.rect);
    assert((await state(tab)).view === 'heatmap', 'a tab clicked with the pointer switches the view');
    await tab.screenshot(path.join(shots, `${engine}_heatmap.png`));
  }],
  [`${engine}: a Hub model through the stand-in: loaded, cached, offline reload, a cut download resumed with Range`, async () => {
    const repos = { 'HuggingFaceTB/SmolLM2-135M': path.join(workDir, 'reference', 'llama', 'smollm') };
    let hub = await startHub({ repos, etag: 'stat' });
    const ports = { hubPort: hub.hubPort, storagePort: hub.storagePort };
    const url = `${page0}?model=hf:HuggingFaceTB/SmolLM2-135M&hub=${encodeURIComponent(hub.hubUrl)}`;
    try {
      await tab.goto(url);
      await ready(tab);
      let s = await state(tab);
      assert(s.family === 'llama' && s.error === null, `SmolLM2-shaped model loaded (${s.family}, ${s.error})`);
      await tab.waitFor(() => caches.keys().then((k) => k.length > 0), 20000);
      await hub.close();
      await tab.reload();
      await ready(tab);
      const from = await tab.evaluate(() => window.__attn.model);
      assert(from.fromCache && !from.fromNetwork, `offline reload from Cache Storage (${JSON.stringify(from)})`);
      // A fresh cache, and a download cut off a third of the way: Resume asks for the rest with Range.
      await tab.evaluate(() => caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))));
      hub = await startHub({ repos, etag: 'stat', ...ports });
      hub.cutNext('model.safetensors', 110000, 1500);
      await tab.goto(url);
      await tab.waitFor(() => !document.querySelector('#error').hidden, 60000);
      const error = await tab.evaluate(() => document.querySelector('#error-text').textContent);
      assert(/broke off|cut off/.test(error), `says the download broke off (${error})`);
      await tab.clickSelector('#retry');
      await ready(tab);
      const range = hub.log.find((e) => e.origin === 'storage' && e.range && /^bytes=[1-9]\d*-$/.test(e.range));
      if (!range) console.log(`# storage requests: ${JSON.stringify(hub.log.filter((e) => e.origin === 'storage'))}`);
      assert(range && range.status === 206, `resumed with ${range ? range.range : 'no Range request'}`);
      assert((await state(tab)).family === 'llama', 'and the model loads');
    } finally {
      await hub.close().catch(() => {});
    }
  }],
], async () => {
  console.log(`# ${engine}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  await tab.close();
  server.kill();
});
