// GPT-2 from the Hugging Face Hub, against a local stand-in (tests/browser/hub_standin.mjs: 302 to a second
// origin, CORS, ETag, Range, faults on demand) serving random checkpoints with GPT-2 124M's and distilgpt2's
// exact layouts. Checks: the page's numbers equal the native engine's on the same file; peak memory of the tab;
// the second visit comes from Cache Storage with the Hub stopped; a cut-off download resumes with a Range
// request; Cancel; every failure is one line with a way back to the default model. Prints load times and the
// click/edit/switch latencies (figures, not assertions: this machine is noisy).
// usage: node tests/browser/hub_test.mjs WEB_DIR ATTN_CLI WORK_DIR
import { execFileSync } from 'node:child_process';
import { assert, call, callString, clickWidget, launch, run, serve, state, waitReady } from './browser_util.mjs';
import { startHub } from './hub_standin.mjs';
import { hubRepos, latencies, peakRendererMB } from './hub_fixture.mjs';

const [webDir, attnCli, workDir] = process.argv.slice(2);
const TEXT = 'The animal didn\'t cross the street because it was too tired, said the old farmer to his friend.';
const { gpt2, distil, smollm, bert, repos, behaviour, weightsBytes } = hubRepos(workDir);
let hub = await startHub({ repos, behaviour, etag: 'stat' });
const ports = { hubPort: hub.hubPort, storagePort: hub.storagePort };
const port = 8790 + Math.floor(Math.random() * 100);
let server = await serve(webDir, port);
const page0 = `http://127.0.0.1:${port}/`;
const url = (model, extra = '') => `${page0}?model=${model}&hub=${encodeURIComponent(hub.hubUrl)}&text=${encodeURIComponent(TEXT)}${extra}`;

// The page's numbers against `attn trace` on the same file with the same storage: attention of one head at
// every position, and the next-token order and odds.
async function matchesNative(page, dir, storage, layer, head) {
  await call(page, 'app_set_layer_head', ['number', 'number'], [layer, head]);
  const app = JSON.parse(await callString(page, 'app_export', [], []));
  const cli = JSON.parse(execFileSync(attnCli, ['trace', '--model', dir, '--text', TEXT, '--weights', storage], { maxBuffer: 1 << 30 }));
  assert(JSON.stringify(app.ids) === JSON.stringify(cli.ids), 'same token ids');
  let worst = 0;
  app.attention.forEach((row, q) => row.forEach((w, k) => { worst = Math.max(worst, Math.abs(w - cli.attention[layer][head][q][k])); }));
  assert(worst < 1e-4, `attention L${layer}H${head} within 1e-4 of the native engine (worst ${worst})`);
  const order = cli.logits.map((l, i) => [l, i]).sort((a, b) => b[0] - a[0]);
  const [a, b] = app.next_tokens;
  assert(a.id === order[0][1] && b.id === order[1][1], 'the same two most likely next tokens');
  const ratio = Math.log(a.prob / b.prob), native = order[0][0] - order[1][0];
  assert(Math.abs(ratio - native) < 1e-3, `their odds agree (${ratio} vs ${native})`);
  return worst;
}

async function open(browser, address, timeout = 300000) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await page.goto(address);
  await waitReady(page, timeout);
  return { context, page };
}

const loadSeconds = (page) => page.evaluate(() => (window.__attn.ready - window.__attn.start) / 1000);
const figures = [];
let cached = null;  // a context whose Cache Storage holds GPT-2

const browser = await launch();
await run([
  ['GPT-2 124M-shaped hf: model: redirect followed, stored as F16, numbers equal the native engine', async () => {
    const b = await launch();
    const { context, page } = await open(b, url('hf:openai-community/gpt2'));
    const s = await state(page);
    assert(s.error === null && s.model === 'hf:openai-community/gpt2', `loaded (${s.error})`);
    const t = await page.evaluate(() => window.__attn.model);
    assert(t.fromNetwork === weightsBytes && t.fromCache === 0, `the whole file came over the network once (${JSON.stringify(t)})`);
    assert(hub.log.some((e) => e.origin === 'hub' && e.status === 302) && hub.log.some((e) => e.origin === 'storage' && e.status === 200),
           'the Hub redirected to its storage');
    const worst = await matchesNative(page, gpt2, 'f16', 5, 7);
    const peak = await peakRendererMB(b);
    figures.push(`GPT-2-shaped F16: first load ${(await loadSeconds(page)).toFixed(1)} s, peak tab memory ${peak.toFixed(0)} MB ` +
                 `(target 1000), attention vs native ${worst.toExponential(1)}`);
    assert(peak <= 1000, `peak tab memory ${peak.toFixed(0)} MB <= 1000 MB (F16)`);
    const l = await latencies(page);
    figures.push(`GPT-2-shaped F16, ${l.tokens}-token sentence: next-token click ${l.click.toFixed(0)} ms (target 150), ` +
                 `edit last word ${l.edit.toFixed(0)} ms (target 400), layer/head switch ${l.switchMs.toFixed(2)} ms + the next frame`);
    await page.close();
    await context.close();
    await b.close();
  }],
  ['a whole context: 1,260 tokens pasted, heads 5.1 and 7.3 knocked out, the lens open: no abort, within 1.5 GB', async () => {
    const b = await launch();
    const { context, page } = await open(b, url('hf:openai-community/gpt2'));
    const long = Array.from({ length: 200 }, (_, i) => `The ${['cat', 'dog', 'bird'][i % 3]} sat on mat ${i}.`).join(' ');
    await page.waitForFunction((t) => JSON.parse(Module.ccall('app_state_json', 'string', [], [])).text === t, TEXT);  // the link's text applied
    const t0 = Date.now();
    await page.evaluate((t) => Module.ccall('app_set_text', null, ['string'], [t]), long);
    let s = await state(page);
    assert(s.busy && s.progress[1] === 1024, `read a chunk a frame (${JSON.stringify(s.progress)})`);
    await page.waitForFunction(() => JSON.parse(Module.ccall('app_state_json', 'string', [], [])).progress[0] >= 256, null, { timeout: 600000 });
    const frames = await page.evaluate(() => Module.ccall('app_frames', 'number', [], []));
    await waitReady(page, 600000);
    const readSeconds = (Date.now() - t0) / 1000;
    assert(await page.evaluate(() => Module.ccall('app_frames', 'number', [], [])) > frames, 'frames went on while it read');
    s = await state(page);
    assert(s.ids.length === 1024 && /only the last 1024 are used/.test(s.note), `cut to the context, said (${s.note})`);
    assert(await call(page, 'app_set_knockout', ['string', 'string'], ['5.1,7.3', 'zero']) !== undefined, 'knock-out set');
    s = await state(page);
    assert(s.error === null && JSON.stringify(s.knocked_out) === '[[5,1],[7,3]]', `knocked out (${s.error})`);
    for (const view of ['heatmap', 'model', 'heads', 'mask', 'ablate', 'attribution', 'flow', 'formula', 'lesson', 'lens']) {
      assert(await call(page, 'app_set_view', ['string'], [view]) === 1, `view ${view}`);
      const f = await page.evaluate(() => Module.ccall('app_frames', 'number', [], []));
      await page.waitForFunction((n) => Module.ccall('app_frames', 'number', [], []) > n + 2, f, { timeout: 300000 });
    }
    s = await state(page);
    assert(s.lens && s.lens.length === 13 && s.lens[0].length === 32, 'the lens shows a 32-position window');
    assert(s.error === null && !(await page.isVisible('#error')), `no abort (${s.error})`);
    const wasmMB = await page.evaluate(() => Module.HEAPU8.length / 1e6);
    figures.push(`GPT-2-shaped F16, 1,024 tokens read in ${readSeconds.toFixed(0)} s, heads 5.1 and 7.3 out, every view ` +
                 `drawn: wasm memory ${wasmMB.toFixed(0)} MB (target 1500), tab ${(await peakRendererMB(b)).toFixed(0)} MB`);
    assert(wasmMB <= 1500, `wasm memory ${wasmMB.toFixed(0)} MB <= 1500 MB`);
    // A failed allocation (injected) is one line; the 1,024-token text and its views stay.
    await call(page, 'app_fail_nth_reservation', ['number'], [1]);
    await page.evaluate(() => Module.ccall('app_set_text', null, ['string'], ['A short text that cannot be run.']));
    await waitReady(page, 600000);  // the 1,024-token text is read again, a chunk a frame
    s = await state(page);
    assert(/^not enough memory for/.test(s.error) && s.ids.length === 1024 && s.ready, `one line, text kept (${s.error})`);
    await context.close();
    await b.close();
  }],
  ['int8 on the fly (?dtype=int8): numbers equal the native engine; peak memory', async () => {
    const b = await launch();
    const { context, page } = await open(b, url('hf:openai-community/gpt2', '&dtype=int8'));
    await matchesNative(page, gpt2, 'int8', 3, 2);
    const peak = await peakRendererMB(b);
    figures.push(`GPT-2-shaped int8: load ${(await loadSeconds(page)).toFixed(1)} s, peak tab memory ${peak.toFixed(0)} MB (target 700)`);
    assert(peak <= 700, `peak tab memory ${peak.toFixed(0)} MB <= 700 MB (int8)`);
    await context.close();
    await b.close();
  }],
  ['offline second visit: the page from its service worker, GPT-2 from Cache Storage; the picker says cached; Delete', async () => {
    cached = await open(browser, url('hf:openai-community/gpt2'));
    await cached.page.evaluate(() => navigator.serviceWorker.ready);
    await cached.page.reload();  // online, now through the service worker: it keeps the page's files
    await waitReady(cached.page, 300000);
    await hub.close();
    server.kill();  // no page server and no Hub: fully offline
    await new Promise((r) => setTimeout(r, 500));
    await cached.page.reload();
    await waitReady(cached.page, 300000);
    server = await serve(webDir, port);
    const t = await cached.page.evaluate(() => window.__attn.model);
    // The original file, or the engine's copy of it once that was written (tests/browser/converted_cache_test.mjs)
    assert(t.fromNetwork === 0 && (t.fromCache === weightsBytes || t.fromCache < weightsBytes / 2), `all from the cache (${JSON.stringify(t)})`);
    figures.push(`GPT-2-shaped F16: cached load ${(await loadSeconds(cached.page)).toFixed(1)} s with the Hub stopped`);
    hub = await startHub({ repos, behaviour, etag: 'stat', ...ports });
    // The default model's header offers real GPT-2 as cached; one click loads it.
    await cached.page.goto(url('default'));
    await waitReady(cached.page);
    await cached.page.waitForFunction(() => 'load-gpt2' in JSON.parse(Module.ccall('app_layout_json', 'string', [], [])));
    await clickWidget(cached.page, 'load-gpt2');
    await cached.page.waitForURL(/model=hf%3Aopenai-community%2Fgpt2|model=hf:openai-community\/gpt2/);
    await waitReady(cached.page, 300000);
    assert((await state(cached.page)).model === 'hf:openai-community/gpt2', 'one click loads real GPT-2');
    const isCached = () => cached.page.evaluate(async () => {
      const keys = await (await caches.open('attn-models-v1')).keys();
      return keys.filter((k) => k.url.includes('model.safetensors') || k.url.includes('__attn-converted')).length;
    });
    assert(await isCached() > 0, 'kept in Cache Storage');
    await cached.page.evaluate(() => window.attnForgetModel('hf:openai-community/gpt2'));
    assert(await isCached() === 0, 'Delete removes it');
  }],
  ['SmolLM2-shaped (Llama family): its tokenizer.json, numbers equal the native engine, head groups, offline reload', async () => {
    assert(repos['HuggingFaceTB/SmolLM2-135M'], 'the reference fixture made the SmolLM2-shaped checkpoint');
    const { context, page } = await open(browser, url('hf:HuggingFaceTB/SmolLM2-135M'));
    let s = await state(page);
    assert(s.error === null && s.family === 'llama' && s.kv_heads === 2 && s.heads.length === 2 * 6, `loaded (${s.error}, ${s.family})`);
    await matchesNative(page, smollm, 'f32', 1, 4);
    await call(page, 'app_set_view', ['string'], ['heatmap']);
    assert((await callString(page, 'app_summary', [], [])).length > 0, 'summary');
    await hub.close();  // offline: the page's files from its service worker, the model from Cache Storage
    await page.reload();
    await waitReady(page, 300000);
    s = await state(page);
    assert(s.error === null && s.family === 'llama', `offline reload (${s.error})`);
    hub = await startHub({ repos, behaviour, etag: 'stat', ...ports });
    await context.close();
  }],
  ['BERT-shaped encoder: vocab.txt, attention over every key, fill-the-blank equals attn fill, offline reload', async () => {
    assert(repos['google-bert/bert-base-uncased'], 'the reference fixture made the BERT-shaped checkpoint');
    const { context, page } = await open(browser, url('hf:google-bert/bert-base-uncased'));
    await page.waitForFunction((t) => JSON.parse(Module.ccall('app_state_json', 'string', [], [])).text === t, TEXT);  // the link's text applied
    const text = 'The cat sat on the [MASK].';
    await page.evaluate((t) => Module.ccall('app_set_text', null, ['string'], [t]), text);
    let s = await state(page);
    assert(s.error === null && s.family === 'bert', `loaded (${s.error})`);
    const cli = JSON.parse(execFileSync(attnCli, ['fill', '--model', bert, '--text', text, '--top', '5', '--weights', 'f32']));
    assert(JSON.stringify(s.ids) === JSON.stringify(cli.ids), `same ids (${s.ids} vs ${cli.ids})`);
    // The bars are after the sampling settings (top-p renormalises): the same tokens in the same order, and the
    // same odds between them.
    cli.fills[0].top.slice(0, 3).forEach((t, i) => assert(s.next[i].id === t.id, `bar ${i}: ${JSON.stringify(s.next[i])} vs ${JSON.stringify(t)}`));
    const odds = Math.log(s.next[0].prob / s.next[1].prob), native = Math.log(cli.fills[0].top[0].prob / cli.fills[0].top[1].prob);
    assert(Math.abs(odds - native) < 1e-3, `odds ${odds} vs ${native}`);
    const app = JSON.parse(await callString(page, 'app_export', [], []));
    assert(app.attention.length === s.ids.length && app.attention[0].length === s.ids.length, 'rows over every key');
    // Encoder | decoder: the page's small GPT-2 loaded beside BERT with a click; a click on BERT's "cat" shows
    // the row of GPT-2's "␣cat" too, each equal to its native engine's.
    await call(page, 'app_set_view', ['string'], ['compare']);
    await page.waitForTimeout(300);
    await clickWidget(page, 'load_partner_default');
    await page.waitForFunction(() => JSON.parse(Module.ccall('app_state_json', 'string', [], [])).partner.model === 'default',
                               null, { timeout: 60000 });
    await clickWidget(page, 'cmp_main_chip2');
    s = await state(page);
    assert(s.selected === 2 && s.tokens[2] === 'cat', `BERT's "cat" selected (${s.selected})`);
    const p = s.partner;
    assert(p.tokens[p.selected] === '\u2423cat', `GPT-2's "␣cat" follows (${p.tokens[p.selected]})`);
    const gpt = JSON.parse(execFileSync(attnCli, ['trace', '--model', `${webDir}/weights/default`, '--text', text], { maxBuffer: 1 << 30 }));
    assert(JSON.stringify(gpt.ids) === JSON.stringify(p.ids), 'the partner has GPT-2\'s ids');
    const rowErr = Math.max(...p.row.map((w, k) => Math.abs(w - gpt.attention[p.layer][p.head][p.selected][k])));
    assert(rowErr < 1e-4, `GPT-2's row within 1e-4 of the native engine (${rowErr})`);
    const bertTrace = JSON.parse(execFileSync(attnCli, ['trace', '--model', bert, '--text', text, '--weights', 'f32'], { maxBuffer: 1 << 30 }));
    const mine = JSON.parse(await callString(page, 'app_export', [], [])).attention[2];
    const bertErr = Math.max(...mine.map((w, k) => Math.abs(w - bertTrace.attention[s.layer][s.head][2][k])));
    assert(bertErr < 1e-4, `BERT's row within 1e-4 of the native engine (${bertErr})`);
    assert(/^BERT's "cat" .* puts \d+% of its attention on the 6 tokens after it.*GPT-2 cannot look there/.test(p.reading), p.reading);
    assert(new URL(page.url()).searchParams.get('with') === 'default', 'the link keeps the second model');
    await hub.close();
    await page.reload();
    await waitReady(page, 300000);
    assert((await state(page)).family === 'bert', 'offline reload');
    await page.waitForFunction(() => JSON.parse(Module.ccall('app_state_json', 'string', [], [])).partner.model === 'default',
                               null, { timeout: 60000 });
    hub = await startHub({ repos, behaviour, etag: 'stat', ...ports });
    await context.close();
  }],
  ['distilgpt2-shaped: transformer. prefix, 6 layers, its own lm_head; numbers equal the native engine', async () => {
    const { context, page } = await open(browser, url('hf:distilbert/distilgpt2'));
    const s = await state(page);
    assert(s.heads.length === 6 * 12, `6 layers x 12 heads (${s.heads.length})`);
    await matchesNative(page, distil, 'f16', 4, 1);
    await context.close();
  }],
  ['a download cut off half-way resumes with a Range request after "Resume download"', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    hub.clearLog();
    hub.cutNext('model.safetensors', 200 * 1000 * 1000);
    await page.goto(url('hf:distilbert/distilgpt2'));
    await page.waitForSelector('#error:not([hidden])', { timeout: 300000 });
    const text = await page.textContent('#error-text');
    assert(/broke off|cut off/.test(text) && !text.includes('\n'), `one line (${text})`);
    assert((await page.textContent('#retry')) === 'Resume download', 'offers to resume');
    await page.click('#retry');
    await waitReady(page, 300000);
    const range = hub.log.find((e) => e.origin === 'storage' && e.range && /^bytes=[1-9]\d*-$/.test(e.range));
    assert(range && range.status === 206, `resumed with ${range ? range.range : 'no Range request'}`);
    await matchesNative(page, distil, 'f16', 0, 0);
    await context.close();
  }],
  ['Cancel stops the download; Resume finishes it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url('hf:openai-community/gpt2'));
    await page.waitForFunction(() => /MB \//.test(document.querySelector('#files').textContent) && !document.querySelector('#cancel').hidden,
                               null, { timeout: 120000 });
    await page.waitForFunction(() => document.querySelector('#model-shape').textContent.includes('12 layers'), null, { timeout: 60000 });
    await page.click('#cancel');
    await page.waitForSelector('#error:not([hidden])');
    assert(/cancelled at/.test(await page.textContent('#error-text')), 'says cancelled');
    await page.click('#retry');
    await waitReady(page, 300000);
    await context.close();
  }],
  ['404, 401, 403, CORS, not GPT-2, too big: one line each and a way back to the default model', async () => {
    const cases = [['hf:nobody/missing', /not found on the Hugging Face Hub \(HTTP 404\)/], ['hf:test/private', /private or needs a login \(HTTP 401\)/],
                   ['hf:test/gated', /gated or private.*\(HTTP 403\)|HTTP 403/], ['hf:test/nocors', /CORS/],
                   ['hf:test/t5', /'t5' \(T5ForConditionalGeneration\) model; the explainer runs GPT-2, Llama-family, BERT models/], ['hf:test/huge', /needs \d+ MB of memory/],
                   ['hf:bad name/x', /not a Hub repository/], ['hf:a/b/c', /not a Hub repository/]];
    for (const [model, pattern] of cases) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url(encodeURIComponent(model)));
      await page.waitForSelector('#error:not([hidden])', { timeout: 120000 });
      const text = await page.textContent('#error-text');
      assert(pattern.test(text) && !text.includes('\n'), `${model}: "${text}"`);
      assert(await page.isVisible('#use-default'), `${model}: a way back`);
      if (model === 'hf:test/private') {
        await page.click('#use-default');
        await waitReady(page);
        assert((await state(page)).model === 'default', 'the default model loads');
      }
      await context.close();
    }
  }],
], async () => {
  console.log(figures.map((f) => `figure: ${f}`).join('\n'));
  if (cached) await cached.context.close();
  await browser.close();
  await hub.close();
  server.kill();
});
