// The page in Spanish and Chinese (headless Chromium, the shipped default model): every lesson step and view
// drawn with no missing glyph, the reader's Chinese text too, byte tokens never shown as U+FFFD, the browser's
// language and embeds, the picker, and screenshots at 1280 and 360 px into build/screenshots/lang-*.png.
// usage: node tests/browser/language_test.mjs WEB_DIR
import fs from 'node:fs';
import path from 'node:path';
import { assert, launch, root, run, serve, state, waitReady } from './browser_util.mjs';

const [webDir] = process.argv.slice(2);
const port = 19000 + (process.pid % 1000);
const base = `http://127.0.0.1:${port}/?model=default`;
const shots = path.join(root, 'build', 'screenshots');
fs.mkdirSync(shots, { recursive: true });
const FFFD = '\uFFFD';

const server = await serve(webDir, port);
const browser = await launch();
const errors = [];

async function open(url, { width = 1280, height = 800, locale = 'en-US' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await waitReady(page);
  return page;
}

// A few frames for the atlas to gain what is on screen (one rebuild), then the count of the last frame.
async function settledMissing(page) {
  const frames = () => page.evaluate(() => Module.ccall('app_frames', 'number', [], []));
  let s = null;
  for (let i = 0; i < 40; i++) {
    const f = await frames();
    await page.waitForFunction((n) => Module.ccall('app_frames', 'number', [], []) > n + 2, f);
    s = await state(page);
    if (s.missing_glyphs === 0) return s;
  }
  return s;
}

async function everyStepAndView(page, lang) {
  const steps = (await state(page)).steps || 10;
  for (let step = 0; step < 10; step++) {
    await page.evaluate((n) => Module.ccall('app_set_step', null, ['number'], [n]), step);
    const s = await settledMissing(page);
    assert(s.missing_glyphs === 0, `${lang} step ${step} ("${s.step_title}"): ${s.missing_glyphs} missing glyphs ${s.missing_code_points}`);
  }
  const views = (await page.evaluate(() => JSON.parse(Module.ccall('app_views', 'string', [], [])))).map((v) => v.id);  // core/views.def
  for (const view of views) {
    assert(await page.evaluate((v) => Module.ccall('app_set_view', 'number', ['string'], [v]), view) === 1, `no view '${view}'`);
    const s = await settledMissing(page);
    assert(s.missing_glyphs === 0, `${lang} view ${view}: ${s.missing_glyphs} missing glyphs ${s.missing_code_points}`);
  }
  await page.evaluate(() => Module.ccall('app_set_view', 'number', ['string'], ['lesson']));
  return steps;
}

async function shoot(lang) {
  for (const width of [1280, 360]) {
    const page = await open(`${base}&lang=${lang}`, { width, height: width > 400 ? 800 : 780 });
    await settledMissing(page);
    await page.screenshot({ path: path.join(shots, `lang-${lang}-opening-${width}.png`) });
    await page.evaluate(() => Module.ccall('app_set_step', null, ['number'], [4]));
    await settledMissing(page);
    await page.screenshot({ path: path.join(shots, `lang-${lang}-step4-${width}.png`) });
    await page.evaluate(() => Module.ccall('app_set_view', 'number', ['string'], ['heatmap']));
    await settledMissing(page);
    await page.screenshot({ path: path.join(shots, `lang-${lang}-heatmap-${width}.png`) });
    await page.context().close();
  }
}

await run([
  ['?lang=es: the lesson and interface in Spanish, every step and view drawn with no missing glyph', async () => {
    const page = await open(`${base}&lang=es`);
    const s = await state(page);
    assert(s.lang === 'es', `lang ${s.lang}`);
    assert(/atenci/i.test(s.step_title) || /\u00bf/.test(s.step_title), `Spanish step title: ${s.step_title}`);
    assert(s.text === 'La gata no cruzó la calle porque ella estaba demasiado cansada.', `Spanish example: ${s.text}`);
    const summary = await page.evaluate(() => Module.ccall('app_summary', 'string', [], []));
    assert(/Lecci/.test(summary), `the screen-reader summary is Spanish: ${summary.slice(0, 120)}`);
    await everyStepAndView(page, 'es');
    await page.context().close();
  }],
  ['?lang=zh: Chinese with its font loaded on need, every step and view drawn with no missing glyph', async () => {
    const page = await open(`${base}&lang=zh`);
    const s = await state(page);
    assert(s.lang === 'zh', `lang ${s.lang}`);
    assert(/[\u4e00-\u9fff]/.test(s.step_title), `Chinese step title: ${s.step_title}`);
    assert(s.text === '小猫没有过马路，因为它太累了。', `Chinese example: ${s.text}`);
    await everyStepAndView(page, 'zh');
    await page.context().close();
  }],
  ['a Chinese sentence the reader types on an English page is drawn whole; byte tokens are named, never U+FFFD', async () => {
    const page = await open(base);
    await everyStepAndView(page, 'en');  // the picker's "中文" too, from the tiny names font
    const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name.split('/').pop()));
    assert(!(await fetched()).includes('cjk.otf'), 'an English page does not fetch the Chinese font');
    const text = '我们今天在公园里散步，天气非常好。';
    await page.evaluate((t) => Module.ccall('app_set_text', null, ['string'], [t]), text);
    const s = await settledMissing(page);
    assert(s.missing_glyphs === 0, `reader's Chinese: ${s.missing_glyphs} missing ${s.missing_code_points}`);
    assert(s.tokens.every((t) => !t.includes(FFFD)), `no U+FFFD in ${s.tokens.join(' ')}`);
    assert(s.tokens.some((t) => /\u2044/.test(t)), `a character cut into byte tokens shows its marker: ${s.tokens.join(' ')}`);
    assert((await fetched()).includes('cjk.otf') && !(await fetched()).includes('cjk-all.otf'), 'GB 2312 was enough');
    // Traditional characters outside GB 2312 (龍 鬱): the larger cut is fetched, and they are drawn too.
    await page.evaluate(() => Module.ccall('app_set_text', null, ['string'], ['龍的傳人，鬱金香。']));
    const t = await settledMissing(page);
    assert(t.missing_glyphs === 0, `traditional characters: ${t.missing_code_points}`);
    assert((await fetched()).includes('cjk-all.otf'), 'the larger cut was fetched');
    await page.evaluate(() => Module.ccall('app_set_text', null, ['string'], ['smile \u{1F600} and 猫 \u{1F44D}\u{1F3FD}']));
    const e = await state(page);
    assert(e.tokens.every((t) => !t.includes(FFFD)), `emoji tokens: ${e.tokens.join(' ')}`);
    assert(e.next.every((c) => !c.token.includes(FFFD)), 'no U+FFFD in the bars');
    await page.context().close();
  }],
  ['the browser\'s language picks the page\'s; ?lang= wins; the picker switches and the link keeps it', async () => {
    const page = await open(base, { locale: 'es-ES' });
    assert((await state(page)).lang === 'es', 'navigator.languages es-ES opens Spanish');
    await page.evaluate(() => window.attnSetLanguage('zh'));
    await page.waitForFunction(() => JSON.parse(Module.ccall('app_state_json', 'string', [], [])).lang === 'zh');
    assert(new URL(page.url()).searchParams.get('lang') === 'zh', `the address says lang=zh: ${page.url()}`);
    await page.waitForFunction(() => location.hash.includes('lang=zh'));
    const fragment = await page.evaluate(() => location.hash);  // what Copy link copies
    await page.context().close();
    const shared = await open(`http://127.0.0.1:${port}/?model=default${fragment}`);
    assert((await state(shared)).lang === 'zh', `a copied link opens in its language: ${fragment.slice(0, 80)}`);
    await shared.context().close();
    const en = await open(`${base}&lang=en`, { locale: 'zh-CN' });
    assert((await state(en)).lang === 'en', '?lang=en wins over the browser');
    await en.context().close();
    const hostile = await open(`${base}&lang=%3Cscript%3E`);
    assert((await state(hostile)).lang === 'en', 'an unknown lang is English');
    await hostile.context().close();
  }],
  ['an embed with lang=zh opens in Chinese', async () => {
    const page = await open(`${base}&embed=heatmap&lang=zh`, { width: 640, height: 520 });
    const s = await settledMissing(page);
    assert(s.lang === 'zh' && s.embed === true, `embed lang ${s.lang} embed ${s.embed}`);
    assert(s.missing_glyphs === 0, `embed glyphs: ${s.missing_code_points}`);
    await page.context().close();
  }],
  ['screenshots: the opening, step 4 and the heatmap in Spanish and Chinese at 1280 and 360 px', async () => {
    await shoot('es');
    await shoot('zh');
    assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
  }],
], async () => { await browser.close(); server.kill(); });
