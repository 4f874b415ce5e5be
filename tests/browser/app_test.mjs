// End-to-end: the built page (build/web) in headless Chromium, on the shipped default model.
// usage: node tests/browser/app_test.mjs WEB_DIR ATTN_CLI [MODEL_NAME]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { assert, call, callString, clickWidget, distinctColours, launch, root, run, serve, state, waitReady } from './browser_util.mjs';

const [webDir, attnCli, modelName = 'default'] = process.argv.slice(2);
const port = 18000 + (process.pid % 1000);
const base = `http://127.0.0.1:${port}/`;
const shots = path.join(root, 'build', 'screenshots');
fs.mkdirSync(shots, { recursive: true });
const DEFAULT_TEXT = "The animal didn't cross the street because it was too tired.";

const server = await serve(webDir, port);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));

await run([
  ['the page loads the model, shows progress, then draws a non-blank canvas', async () => {
    const t0 = Date.now();
    await page.goto(`${base}?model=${modelName}`);
    assert(await page.isVisible('#loader') || await page.evaluate(() => window.__attn.ready), 'a loader is shown while downloading');
    await waitReady(page);
    await page.waitForFunction(() => Module.ccall('app_frames', 'number', [], []) > 3);
    const timing = await page.evaluate(() => window.__attn);
    console.log(`  time to ready: ${(timing.ready - timing.start).toFixed(0)} ms (navigation to first app frame ${Date.now() - t0} ms)`);
    assert(!(await page.isVisible('#loader')), 'loader hidden once ready');
    const bars = await page.evaluate(() => [...document.querySelectorAll('.file')].map((r) => [r.className, r.querySelector('progress').value]));
    assert(bars.length >= 6 && bars.every(([c, v]) => c.includes('done') && v === 1), `every progress bar reached 100%: ${JSON.stringify(bars)}`);
    const png = await page.screenshot({ path: path.join(shots, 'app.png') });
    const colours = await distinctColours(page, png);
    assert(colours > 20, `canvas looks blank (${colours} colours)`);
  }],
  ['tokens are the engine tokenizer\'s for the default sentence', async () => {
    const s = await state(page);
    assert(s.text === DEFAULT_TEXT, `default text: ${s.text}`);
    const cli = JSON.parse(execFileSync(attnCli, ['tokenize', '--model', path.join(webDir, 'weights', modelName), '--text', DEFAULT_TEXT]));
    assert(JSON.stringify(s.ids) === JSON.stringify(cli.ids), `ids ${s.ids} vs ${cli.ids}`);
    assert(JSON.stringify(s.tokens) === JSON.stringify(cli.tokens), 'display tokens');
    assert(s.error === null, `no error: ${s.error}`);
  }],
  ['app_choose_next(0) appends the top bar\'s token; undo removes it', async () => {
    const before = await state(page);
    const top = before.next[0];
    assert(top && top.prob > 0, 'bars exist');
    for (let i = 1; i < before.next.length; i++) assert(before.next[i - 1].prob >= before.next[i].prob, 'bars sorted');
    assert(await call(page, 'app_choose_next', ['number'], [0]) === 1, 'choose returns 1');
    const after = await state(page);
    assert(JSON.stringify(after.ids) === JSON.stringify([...before.ids, top.id]), 'top token appended');
    await call(page, 'app_undo', [], []);
    assert(JSON.stringify((await state(page)).ids) === JSON.stringify(before.ids), 'undo restores');
  }],
  ['clicking a bar with the mouse appends its token and the text grows', async () => {
    const before = await state(page);
    await clickWidget(page, 'bar1');
    const after = await state(page);
    assert(after.ids.length === before.ids.length + 1 && after.ids.at(-1) === before.next[1].id, 'second bar appended');
    assert(after.text.length > before.text.length, 'text grew');
    await page.screenshot({ path: path.join(shots, 'after-click.png') });
  }],
  ['clicking a token chip makes it the query; views and layer/head switch', async () => {
    await clickWidget(page, 'chip1');
    assert((await state(page)).selected === 1, 'chip 1 selected');
    const views = JSON.parse(await callString(page, 'app_views', [], [])).map((v) => v.id);  // core/views.def
    assert(views.length >= 15, `the view table: ${views}`);
    for (const view of [...views.filter((v) => v !== 'heatmap'), 'heatmap']) {  // heatmap last: the later steps use it
      assert(await call(page, 'app_set_view', ['string'], [view]) === 1, `view ${view}`);
      await page.waitForTimeout(100);
      await page.screenshot({ path: path.join(shots, `view-${view}.png`) });
      assert((await state(page)).view === view, `state view ${view}`);
    }
    await call(page, 'app_set_layer_head', ['number', 'number'], [99, -5]);
    const s = await state(page);
    assert(s.layer >= 0 && s.head === 0, 'layer/head clamped');
  }],
  ['knocking out a head through the page changes the bars exactly as `attn ablate` says', async () => {
    await page.evaluate((t) => Module.ccall('app_set_text', null, ['string'], [t]), DEFAULT_TEXT);
    await call(page, 'app_set_view', ['string'], ['ablate']);
    const before = await state(page);
    const model = path.join(webDir, 'weights', modelName);
    // Click the toggle of layer 1 head 1 with the mouse; then a set across layers, mean, through the hook.
    await clickWidget(page, 'ko1.1');
    await page.waitForFunction(() => JSON.parse(Module.ccall('app_state_json', 'string', [], [])).knocked_out.length === 1);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(shots, 'view-ablate.png') });
    for (const [heads, mode] of [['1.1', 'zero'], ['0.0,2.3,3.2', 'mean']]) {
      if (heads !== '1.1') assert(await callString(page, 'app_set_knockout', ['string', 'string'], [heads, mode]) === '', 'hook accepts');
      const s = await state(page);
      const cli = JSON.parse(execFileSync(attnCli, ['ablate', '--model', model, '--text', DEFAULT_TEXT, '--heads', heads, '--mode', mode]));
      assert(JSON.stringify(s.knocked_out) === JSON.stringify(cli.heads) && s.knock_mode === mode, `knocked out ${heads}`);
      assert(s.next[0].id === cli.after[0].id && s.next_before[0].id === before.next[0].id, `bars after vs CLI (${heads})`);
      // The bars renormalise over the kept top-k: compare ratios of the first two with the CLI's probabilities.
      const ratio = s.next[1].prob / s.next[0].prob, cliRatio = cli.after[1].prob / cli.after[0].prob;
      assert(Math.abs(ratio - cliRatio) < 1e-4 && s.next[1].id === cli.after[1].id, `bar ratios ${ratio} vs ${cliRatio}`);
      assert(s.knockout_reading.startsWith('Without L'), s.knockout_reading);
    }
    assert(/knocked out|Without L/.test(await page.evaluate(() => Module.ccall('app_summary', 'string', [], []))), 'summary says so');
    assert((await page.evaluate(() => location.hash)).includes('ko=0.0%2C2.3%2C3.2'), 'link carries the heads');
    await page.screenshot({ path: path.join(shots, 'view-ablate-mean.png') });
    await clickWidget(page, 'restore_all');
    await page.waitForFunction(() => JSON.parse(Module.ccall('app_state_json', 'string', [], [])).knocked_out.length === 0);
    assert((await state(page)).next[0].id === before.next[0].id, 'restore all brings the bars back');
    assert(/no head/.test(await callString(page, 'app_set_knockout', ['string', 'string'], ['9.9', 'zero'])), 'bad head refused');
  }],
  ['the logit lens view\'s cells are `attn lens`\'s; the attribution view sums to the logit', async () => {
    await call(page, 'app_set_view', ['string'], ['lens']);
    await page.waitForTimeout(150);
    const s = await state(page);
    const model = path.join(webDir, 'weights', modelName);
    const cli = JSON.parse(execFileSync(attnCli, ['lens', '--model', model, '--text', DEFAULT_TEXT, '--top', '5']));
    assert(s.lens.length === cli.layers.length && s.lens[0].length === cli.layers[0].length, 'lens grid shape');
    // Same tokens with the same probabilities; wasm SIMD and native kernels round differently, so two
    // near-equal entries may swap or trade the 5th place.
    let worst = 0;
    cli.layers.forEach((row, l) => row.forEach((cell, t) => cell.top.forEach((p) => {
      const mine = s.lens[l][t].top.find((x) => x.id === p.id);
      if (mine) worst = Math.max(worst, Math.abs(mine.prob - p.prob));
      else assert(Math.abs(s.lens[l][t].top.at(-1).prob - p.prob) < 1e-4, `cell ${l},${t}: ${p.id} missing from the page's top 5`);
    })));
    assert(worst < 1e-4, `lens probabilities within 1e-4 of the CLI (worst ${worst})`);
    await page.screenshot({ path: path.join(shots, 'view-lens.png') });
    await call(page, 'app_set_view', ['string'], ['attribution']);
    await page.waitForTimeout(150);
    const a = (await state(page)).attribution;
    const cliA = JSON.parse(execFileSync(attnCli, ['attribute', '--model', model, '--text', DEFAULT_TEXT]));
    assert(a.token === cliA.token && Math.abs(a.sum - cliA.logit) < 1e-3 && Math.abs(a.logit - cliA.logit) < 1e-4, 'attribution');
    await page.screenshot({ path: path.join(shots, 'view-attribution.png') });
    await call(page, 'app_set_view', ['string'], ['heads']);
    assert(await call(page, 'app_repeat_text', ['number'], []) === 1, 'repeat my text');
    await page.waitForTimeout(150);
    const h = await state(page);
    assert(h.ids.length === 2 * s.ids.length && h.induction.length === h.heads.length, 'text doubled, induction scores');
    await page.screenshot({ path: path.join(shots, 'view-heads-repeated.png') });
    await call(page, 'app_undo', [], []);
  }],
  ['the flow view lists the selected token\'s lines above the threshold', async () => {
    await call(page, 'app_set_view', ['string'], ['flow']);
    await call(page, 'app_select_token', ['number'], [3]);
    await page.waitForTimeout(150);
    const s = await state(page);
    assert(s.view === 'flow' && s.flow.length > 0, 'lines shown');
    assert(s.flow.every((e) => e.key <= 3 && e.weight >= s.flow_threshold), 'no masked or faint lines');
    await page.screenshot({ path: path.join(shots, 'view-flow-selected.png') });
  }],
  ['the lesson walks from its opening through the eight steps to its closing, each drawn', async () => {
    await call(page, 'app_set_view', ['string'], ['lesson']);
    const titles = new Set();
    for (let step = 0; step < 10; step++) {
      await page.evaluate((n) => Module.ccall('app_set_step', null, ['number'], [n]), step);
      await page.waitForTimeout(150);
      const s = await state(page);
      assert(s.step === step && s.step_title && s.lesson_error === null, `step ${step}: ${JSON.stringify(s.step_title)}`);
      titles.add(s.step_title);
      const png = await page.screenshot({ path: path.join(shots, `lesson-${step + 1}.png`) });
      assert(await distinctColours(page, png) > 20, `step ${step + 1} drawn`);
    }
    assert(titles.size === 10, 'ten different sections');
    await page.evaluate(() => Module.ccall('app_set_step', null, ['number'], [99]));
    const last = await state(page);
    assert(last.step === 9 && last.step_id === 'closing', 'step clamped to the closing');
  }],
  ['steps 4-7 open on the clearest head (computed here from `attn trace`); a hand-picked head stays', async () => {
    await page.evaluate((t) => Module.ccall('app_set_text', null, ['string'], [t]), DEFAULT_TEXT);
    await call(page, 'app_select_token', ['number'], [-1]);
    await page.evaluate(() => Module.ccall('app_apply_url', null, ['string'], ['step=softmax&view=lesson']));
    await page.waitForTimeout(200);
    const s = await state(page);
    const cli = JSON.parse(execFileSync(attnCli, ['trace', '--model', path.join(webDir, 'weights', modelName), '--text', DEFAULT_TEXT]));
    const q = s.selected;
    let best = null;
    for (const pass of [0, 1]) {
      if (best) break;
      cli.attention.forEach((heads, l) => heads.forEach((rows, h) => {
        const row = rows[q].slice(0, q + 1);
        if (pass === 0 && q > 0 && row[0] >= 0.5) return;
        const e = -row.reduce((acc, w) => acc + (w > 0 ? w * Math.log2(w) : 0), 0);
        if (!best || e < best.e - 1e-9) best = { l, h, e };
      }));
    }
    assert(s.step_id === 'softmax' && !s.head_by_hand && s.layer === best.l && s.head === best.h,
           `clearest head L${best.l}H${best.h}, page shows L${s.layer}H${s.head}`);
    await page.screenshot({ path: path.join(shots, 'lesson-softmax-clearest-head.png') });
    await call(page, 'app_set_layer_head', ['number', 'number'], [0, (best.h + 1) % cli.attention[0].length]);
    await page.evaluate((t) => Module.ccall('app_set_text', null, ['string'], [t]), 'The cat sat on the mat.');
    await page.waitForTimeout(150);
    const picked = await state(page);
    assert(picked.head_by_hand && picked.layer === 0 && picked.head === (best.h + 1) % cli.attention[0].length, 'hand pick kept');
    assert((await page.evaluate(() => location.hash)).includes('pick=1'), 'the link keeps the pick');
    await page.evaluate((t) => Module.ccall('app_set_text', null, ['string'], [t]), DEFAULT_TEXT);
  }],
  ['the mask view\'s encoder toggle shows the unmasked softmax and reads it', async () => {
    await call(page, 'app_set_view', ['string'], ['mask']);
    await page.waitForTimeout(150);
    await clickWidget(page, 'encoder_toggle');
    await page.waitForTimeout(150);
    assert((await state(page)).unmasked === true, 'toggle on');
    await page.screenshot({ path: path.join(shots, 'view-mask-encoder.png') });
    await page.evaluate(() => Module.ccall('app_apply_url', null, ['string'], ['step=opening&view=lesson']));
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(shots, 'lesson-opening.png') });
    await page.evaluate(() => Module.ccall('app_apply_url', null, ['string'], ['step=heads_and_mask&view=lesson']));
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(shots, 'lesson-heads-encoder.png') });
    await clickWidget(page, 'encoder_toggle');
    assert((await state(page)).unmasked === false, 'toggle off (scrolled to with the wheel: it lies below the fold)');
  }],
  ['sampling is reproducible for the same seed and text', async () => {
    await page.evaluate((t) => Module.ccall('app_set_text', null, ['string'], [t]), 'The cat sat on the');
    await call(page, 'app_sample_next', [], []);
    await call(page, 'app_sample_next', [], []);
    const first = (await state(page)).ids;
    await page.evaluate((t) => Module.ccall('app_set_text', null, ['string'], [t]), 'The cat sat on the');
    await call(page, 'app_sample_next', [], []);
    await call(page, 'app_sample_next', [], []);
    assert(JSON.stringify((await state(page)).ids) === JSON.stringify(first), 'same samples');
  }],
  ['a shared link restores the state, and the address bar follows the state', async () => {
    const p4 = await browser.newPage();
    await p4.goto(`${base}?model=${modelName}#text=${encodeURIComponent('The cat sat on the mat.')}&view=mask&layer=1&head=2&sel=1&step=3&seed=9&t=0.5`);
    await waitReady(p4);
    const s = await state(p4);
    assert(s.text === 'The cat sat on the mat.' && s.view === 'mask' && s.layer === 1 && s.head === 2 && s.selected === 1 &&
           s.step_id === 'qkv' && s.seed === 9 && Math.abs(s.temperature - 0.5) < 1e-6, `restored: ${JSON.stringify(s).slice(0, 300)}`);
    await call(p4, 'app_set_view', ['string'], ['heatmap']);
    await p4.waitForTimeout(200);
    const hash = await p4.evaluate(() => location.hash);
    assert(hash.includes('view=heatmap') && hash.includes('text=The%20cat'), `hash follows: ${hash}`);
    assert((await p4.evaluate(() => location.search)).includes(`model=${modelName}`), 'model kept in the query');
    await p4.close();
  }],
  ['the screen-reader summary follows the selected token', async () => {
    await call(page, 'app_set_view', ['string'], ['heatmap']);
    await page.evaluate(() => Module.ccall('app_set_text', null, ['string'], ['The animal didn\'t cross the street']));
    await call(page, 'app_select_token', ['number'], [1]);
    await page.waitForFunction(() => document.getElementById('summary').textContent.includes('Selected token 2 of'), null, { timeout: 10000 });
    const text = await page.textContent('#summary');
    assert(/attends most to/.test(text) && /Likeliest next tokens/.test(text) && text.includes('animal'), text);
    assert(await page.getAttribute('#summary', 'aria-live') === 'polite', 'aria-live');
  }],
  ['embed mode renders in an article column and on a desktop width', async () => {
    for (const [w, h, view] of [[360, 640, 'heatmap'], [1280, 800, 'heatmap'], [360, 640, 'flow'], [700, 800, 'lens'],
      [700, 900, 'ablate']]) {
      const p5 = await browser.newPage({ viewport: { width: w, height: h } });
      await p5.goto(`${base}?model=${modelName}&embed=${view}`);
      await waitReady(p5);
      await p5.waitForFunction(() => Module.ccall('app_frames', 'number', [], []) > 3);
      const s = await state(p5);
      assert(s.embed === true && s.view === view, 'embed state');
      const png = await p5.screenshot({ path: path.join(shots, `embed-${view}-${w}x${h}.png`) });
      assert(await distinctColours(p5, png) > 20, `embed ${w}x${h} drawn`);
      await p5.close();
    }
  }],
  ['the example article with two embeds works and sizes its frames', async () => {
    const p6 = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await p6.goto(`${base}example.html`);
    for (const id of ['embed-heatmap', 'embed-next']) {
      await p6.locator(`#${id}`).scrollIntoViewIfNeeded();
      const frame = await (await p6.$(`#${id}`)).contentFrame();
      await frame.waitForFunction(() => {
        try { return window.Module && JSON.parse(Module.ccall('app_state_json', 'string', [], [])).ready; } catch (e) { return false; }
      }, null, { timeout: 60000 });
      await p6.waitForFunction((i) => document.getElementById(i).hasAttribute('data-reported-height'), id, { timeout: 20000 });
    }
    const next = JSON.parse(await (await (await p6.$('#embed-next')).contentFrame()).evaluate(() => Module.ccall('app_state_json', 'string', [], [])));
    assert(next.view === 'next' && next.text === 'The cat sat on the', `second embed state: ${next.view} ${next.text}`);
    await p6.screenshot({ path: path.join(shots, 'example-article.png'), fullPage: true });
    await p6.close();
  }],
  ['a missing model shows the reason and Retry works once the files exist', async () => {
    const name = `late${process.pid}`;
    const dir = path.join(webDir, 'weights', name);
    fs.rmSync(dir, { recursive: true, force: true });
    const p2 = await browser.newPage();
    await p2.goto(`${base}?model=${name}`);
    await p2.waitForSelector('#error:not([hidden])', { timeout: 30000 });
    const text = await p2.textContent('#error-text');
    assert(/HTTP 404/.test(text), `404 reason shown: ${text}`);
    fs.cpSync(path.join(webDir, 'weights', modelName), dir, { recursive: true });
    try {
      await p2.click('#retry');
      await waitReady(p2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await p2.close();
  }],
  ['a hostile ?model= value is refused with a clear message', async () => {
    const p3 = await browser.newPage();
    await p3.goto(`${base}?model=${encodeURIComponent('javascript:alert(1)')}`);
    await p3.waitForSelector('#error:not([hidden])', { timeout: 30000 });
    assert(/must be a model name/.test(await p3.textContent('#error-text')), 'message');
    await p3.close();
  }],
  ['no uncaught page errors', async () => {
    assert(consoleErrors.length === 0, consoleErrors.join('\n'));
  }],
], async () => {
  await browser.close();
  server.kill();
});
