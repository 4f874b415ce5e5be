// The page on any screen: at 360×640 and 412×915 (touch phones), 768×1024, 1280×800 and 1920×1080, every view
// and lesson step is drawn and every interactive item (app_layout_json's "_items", from ImGui's item hooks) must
// lie inside the viewport, overlap no other item, and on a touch screen be at least 44 CSS px tall. On the phone:
// the text is typed and pasted into the page's HTML text field (its keyboard would open) and the tokens follow,
// and the 3D view's words and the seeds are typed into HTML fields too;
// the view switcher reaches every view. Both themes' text colours meet WCAG AA (4.5:1) on every surface they
// are drawn on. Screenshots of every step and view at each size go to build/screenshots/layout/ (artefacts).
// With LANGS (e.g. es,zh): the same checks in those languages at 360×640 (touch) and 1280×800, where longer
// Spanish words and Chinese text must fit as well.
// usage: node tests/browser/layout_test.mjs WEB_DIR [LANGS]
import fs from 'node:fs';
import path from 'node:path';
import { assert, callString, launch, layout, root, run, serve, state, waitReady } from './browser_util.mjs';

const [webDir, langs = ''] = process.argv.slice(2);
const shots = path.join(root, 'build', 'screenshots', 'layout');
fs.mkdirSync(shots, { recursive: true });
const port = 8890 + Math.floor(Math.random() * 100);
const server = await serve(webDir, port);
const base = `http://127.0.0.1:${port}/?model=default`;
const browser = await launch();
const SIZES = langs
  ? langs.split(',').flatMap((lang) => [[360, 640, true, lang], [1280, 800, false, lang]])
  : [[360, 640, true, 'en'], [412, 915, true, 'en'], [768, 1024, false, 'en'], [1280, 800, false, 'en'], [1920, 1080, false, 'en']];

// Every problem with the items on screen now: outside the viewport, overlapping, too small to tap.
function problems(items, w, h, touch, where) {
  const found = [];
  const name = (it) => `"${it.label || '(unlabelled)'}" in ${it.window.split('/').pop().replace(/_[0-9A-F]{8}$/, '')} [${it.rect.map(Math.round).join(',')}]`;
  for (const it of items) {
    const [x, y, iw, ih] = it.rect;
    if (x < -0.5 || y < -0.5 || x + iw > w + 0.5 || y + ih > h + 0.5) found.push(`${where}: ${name(it)} leaves the ${w}×${h} screen`);
    const tall = it.size ? it.size[1] : ih;
    if (touch && tall < 43.5 && it.window !== 'page') found.push(`${where}: ${name(it)} is ${tall.toFixed(0)} px tall (a finger needs 44)`);
  }
  for (let i = 0; i < items.length; ++i)
    for (let j = i + 1; j < items.length; ++j) {
      const a = items[i].rect, b = items[j].rect;
      const ox = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
      const oy = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
      // More than 2 px both ways: a selectable's hit box reaches into half the row spacing by design.
      if (ox > 2 && oy > 2) found.push(`${where}: ${name(items[i])} overlaps ${name(items[j])}`);
    }
  return found;
}

// The tallest run of empty rows (all one colour: the background) between two drawn things inside the view's box,
// in CSS px (the layout test's pages have a device pixel ratio of 1). A run that reaches the content's end is not
// between two things and does not count.
async function tallestBlankBand(page, png) {
  const l = await layout(page);
  if (!l['view-area'] || !l['view-end']) return 0;
  const [x, y, w, h] = l['view-area'];
  const bottom = Math.min(y + h, l['view-end'][1]);
  const palettes = await page.evaluate(() => JSON.parse(Module.ccall('app_palettes', 'string', [], [])));
  const backgrounds = [palettes.dark.background, palettes.light.background];
  return page.evaluate(async ({ b64, box, backgrounds }) => {
    const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const canvas = new OffscreenCanvas(image.width, image.height);
    const g = canvas.getContext('2d');
    g.drawImage(image, 0, 0);
    const [bx, by, bw, bh] = box.map(Math.round);
    const top = Math.max(0, by), height = Math.min(image.height, by + bh) - top, width = Math.max(1, Math.min(image.width - bx, bw - 20));
    if (height <= 0) return 0;
    const px = g.getImageData(Math.max(0, bx), top, width, height).data;
    // The page's background: the theme's (dark or light) that more of the box has. A drawn surface of one colour
    // (the 3D view's plot) is not empty.
    const near = (i, c) => Math.abs(px[i] - c[0]) + Math.abs(px[i + 1] - c[1]) + Math.abs(px[i + 2] - c[2]) < 12;
    const themes = backgrounds.map((hex) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)));
    const score = themes.map((c) => { let n = 0; for (let i = 0; i < px.length; i += 4 * 7) n += near(i, c); return n; });
    const bg = themes[score[0] >= score[1] ? 0 : 1];
    let run = 0, tallest = 0;
    for (let r = 0; r < height; ++r) {
      let blank = true;
      for (let c = 0; c < width && blank; ++c) {
        const i = (r * width + c) * 4;
        blank = near(i, bg);
      }
      if (blank) ++run;
      else { tallest = Math.max(tallest, run); run = 0; }
    }
    return tallest;
  }, { b64: png.toString('base64'), box: [x, y, w, bottom - y], backgrounds });
}
const MAX_BLANK = 120;

async function openAt(w, h, touch, lang = 'en') {
  const context = await browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: 1, hasTouch: touch, isMobile: touch });
  const page = await context.newPage();
  await page.goto(`${base}&with=default&lang=${lang}`);  // the small model beside itself: the Encoder | decoder view's two columns
  await waitReady(page);
  await page.waitForFunction(() => JSON.parse(Module.ccall('app_state_json', 'string', [], [])).partner.model === 'default',
                             null, { timeout: 30000 });
  return { context, page };
}

const setView = (page, v) => page.evaluate((v) => Module.ccall('app_set_view', 'number', ['string'], [v]), v);
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

const tests = SIZES.map(([w, h, touch, lang]) => [`${lang === 'en' ? '' : `lang=${lang} `}${w}×${h}${touch ? ' (touch)' : ''}: every view and step fits, nothing overlaps${touch ? ', 44 px targets' : ''}`, async () => {
  const { context, page } = await openAt(w, h, touch, lang);
  const shotsPrefix = lang === 'en' ? '' : `${lang}-`;
  const found = [];
  // A finger dragged down the page's left margin (no control there) scrolls it, as a reader's would.
  const cdp = touch ? await context.newCDPSession(page) : null;
  const scroll = async (dy) => {
    const from = dy > 0 ? h - 20 : 20, to = dy > 0 ? 20 : h - 20;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 5, y: from }] });
    await settle(page);
    for (let i = 1; i <= 12; ++i) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: 5, y: from + ((to - from) * i) / 12 }] });
      await settle(page);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await settle(page);
    await settle(page);
  };
  const views = (await page.evaluate(() => JSON.parse(Module.ccall('app_views', 'string', [], [])))).map((v) => v.id);  // core/views.def
  for (const view of views) {
    await setView(page, view);
    await settle(page);
    found.push(...problems((await layout(page))._items, w, h, touch, view));
    const shot = await page.screenshot({ path: path.join(shots, `${shotsPrefix}${w}x${h}-${view}.png`) });
    const band = await tallestBlankBand(page, shot);
    if (process.env.ATTN_DEBUG) console.log(`# ${w}x${h} ${view}: tallest blank band ${band} px`);
    if (band > MAX_BLANK) found.push(`${view}: a blank band ${band} px tall inside the view`);
    if (touch) {  // one column: the view is below the header; scroll down to it and check it too
      const before = JSON.stringify((await layout(page))['view-menu']);
      await scroll(3000);
      const items = (await layout(page))._items;
      assert(JSON.stringify((await layout(page))['view-menu']) !== before, `${view}: a finger's drag scrolls the page`);
      found.push(...problems(items, w, h, touch, `${view} (scrolled)`));
      const scrolled = await page.screenshot({ path: path.join(shots, `${shotsPrefix}${w}x${h}-${view}-scrolled.png`) });
      const scrolledBand = await tallestBlankBand(page, scrolled);
      if (scrolledBand > MAX_BLANK) found.push(`${view} (scrolled): a blank band ${scrolledBand} px tall inside the view`);
      await scroll(-3000);
    }
  }
  await setView(page, 'lesson');
  const steps = (await state(page)).step_count || 10;
  for (let step = 0; step < steps; ++step) {
    await page.evaluate((s) => Module.ccall('app_set_step', null, ['number'], [s]), step);
    await settle(page);
    if (touch) await scroll(3000);
    found.push(...problems((await layout(page))._items, w, h, touch, `lesson step ${step + 1}`));
    const shot = await page.screenshot({ path: path.join(shots, `${shotsPrefix}${w}x${h}-step${step + 1}.png`) });
    const band = await tallestBlankBand(page, shot);
    if (band > MAX_BLANK) found.push(`lesson step ${step + 1}: a blank band ${band} px tall inside the view`);
    if (touch) await scroll(-3000);
  }
  await context.close();
  assert(found.length === 0, `${found.length} problems:\n  ${[...new Set(found)].slice(0, 30).join('\n  ')}`);
}]);

tests.push(['phone: typing and pasting into the HTML text field changes the tokens', async () => {
  const { context, page } = await openAt(412, 915, true);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  assert(await page.isVisible('#text-field'), 'a real text field lies over the sentence box');
  assert((await page.getAttribute('#text-field', 'aria-label')).length > 0, 'it has a label for screen readers');
  const before = (await state(page)).text;
  await page.tap('#text-field');
  assert(await page.evaluate(() => document.activeElement.id === 'text-field'), 'a tap focuses it (the phone keyboard opens)');
  await page.fill('#text-field', '');
  await page.keyboard.type('The 3 cats sat on the [mat]');  // digits and brackets are text here, not shortcuts
  await settle(page);
  let s = await state(page);
  assert(s.text === 'The 3 cats sat on the [mat]' && s.tokens.join('').includes('mat'), `typed text traced (${s.text})`);
  await page.evaluate(() => navigator.clipboard.writeText(' because it was warm'));
  await page.keyboard.press('End');
  await page.keyboard.press('Control+V');
  await settle(page);
  s = await state(page);
  assert(s.text === 'The 3 cats sat on the [mat] because it was warm', `pasted (${s.text})`);
  // An IME composition: nothing is sent while it is open, its committed text is.
  const cdp = await context.newCDPSession(page);
  const sentBefore = (await state(page)).text;
  await cdp.send('Input.imeSetComposition', { text: ' にほ', selectionStart: 3, selectionEnd: 3 });
  await settle(page);
  await settle(page);
  assert((await state(page)).text === sentBefore, `a half-typed composition is not the text yet (${(await state(page)).text})`);
  await cdp.send('Input.insertText', { text: ' 日本' });  // the composition is committed
  await settle(page);
  await settle(page);
  assert((await state(page)).text === sentBefore + ' 日本', `the committed text arrives (${(await state(page)).text})`);
  await page.keyboard.insertText(' héllo 日本');  // what an IME commits
  await settle(page);
  assert((await state(page)).text.endsWith('héllo 日本'), 'IME text arrives');
  const { step, view } = await state(page);
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowLeft', 'Home', 'End']) await page.keyboard.press(key);  // the lesson's keys
  await settle(page);
  assert((await state(page)).step === step && (await state(page)).view === view, 'keys in the field move the caret, not the lesson');
  await page.keyboard.press('Enter');  // Enter finishes: the text stays, the field lets go
  await settle(page);
  assert((await state(page)).text.endsWith('日本') && (await page.evaluate(() => document.activeElement.id)) !== 'text-field', 'Enter finishes');
  await page.tap('#text-field');
  await page.keyboard.type(' oops');
  await page.keyboard.press('Escape');  // Escape puts back the text from before this edit
  await settle(page);
  assert((await state(page)).text.endsWith('日本') && (await page.inputValue('#text-field')).endsWith('日本'), 'Escape undoes the edit');
  assert(before.length > 0, 'started from the default sentence');
  // The app changes the text (a next-token bar): the field shows it.
  await page.evaluate(() => Module.ccall('app_choose_next', 'number', ['number'], [0]));
  await settle(page);
  assert((await page.inputValue('#text-field')) === (await state(page)).text, 'the field follows the app');
  await context.close();
}]);

tests.push(['phone: the words of the 3D view and the seeds are typed into HTML fields too (digits keyboard for seeds)', async () => {
  const { context, page } = await openAt(412, 915, true);
  const cdp = await context.newCDPSession(page);
  // A finger drags the page up to the view (its left margin holds no control), then the view scrolls (a wheel
  // over it) until the field is in sight: the app lists a field only then.
  const reveal = async (selector) => {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 5, y: 700 }] });
    for (let y = 650; y >= 100; y -= 50) {
      await settle(page);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: 5, y }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await settle(page);
    for (let i = 0; i < 12 && !(await page.isVisible(selector)); ++i) {
      await page.mouse.move(200, 600);
      await page.mouse.wheel(0, 200);
      await page.waitForTimeout(150);
    }
    assert(await page.isVisible(selector), `${selector} is shown over its box`);
    // The view may still be gliding from the wheel: wait until the field stays put (a finger would too).
    for (let i = 0, last = ''; i < 40; ++i) {
      await page.waitForTimeout(50);
      const at = JSON.stringify(await page.locator(selector).boundingBox());
      if (at === last) break;
      last = at;
    }
    assert((await page.getAttribute(selector, 'aria-label')).length > 0, `${selector} has a label for screen readers`);
  };
  await setView(page, '3d');
  await reveal('#words-field');
  const before = (await state(page)).words;
  await page.tap('#words-field');
  assert(await page.evaluate(() => document.activeElement.id === 'words-field'), 'a tap focuses the words field');
  await page.fill('#words-field', '');
  await page.keyboard.type('cat dog horse cow');
  await settle(page);
  assert((await state(page)).words === 'cat dog horse cow', `typed words arrive (${(await state(page)).words})`);
  await page.keyboard.type(' pig');
  await page.keyboard.press('Escape');  // puts back the words from before this edit
  await settle(page);
  assert((await state(page)).words === before, 'Escape puts back the words from before the field was tapped');
  assert((await page.inputValue('#words-field')) === (await state(page)).words, 'the field shows the app\'s words');
  assert((await page.evaluate(() => document.activeElement.id)) !== 'words-field', 'Escape lets go of the field');

  await setView(page, 'next');
  await settle(page);
  assert(await page.isHidden('#words-field'), 'a field whose view is closed is hidden');
  await reveal('#seed-field');
  assert((await page.getAttribute('#seed-field', 'inputmode')) === 'numeric', 'a phone shows its digits keyboard for the seed');
  await page.tap('#seed-field');
  await page.fill('#seed-field', '');
  await page.keyboard.type('123');
  await settle(page);
  assert((await state(page)).seed === 123, `typed seed arrives (${(await state(page)).seed}; field ${await page.inputValue('#seed-field')}, focus ${await page.evaluate(() => document.activeElement.id)})`);
  await page.keyboard.type('x');  // refused by the app: the seed stays, and the field says why
  await settle(page);
  assert((await page.getAttribute('#seed-field', 'aria-invalid')) === 'true' &&
         (await page.getAttribute('#seed-field', 'title')).includes('whole number'),
         `the field says the seed is refused (${await page.inputValue('#seed-field')}, ${await page.getAttribute('#seed-field', 'class')})`);
  assert((await state(page)).field_error?.field === 'seed', 'and the canvas says why beside it (a phone shows no tooltip)');
  const seedSettled = async (how) => {
    await settle(page);
    await settle(page);
    assert((await state(page)).seed === 123 && (await page.inputValue('#seed-field')) === '123' &&
           (await page.getAttribute('#seed-field', 'aria-invalid')) === 'false' && (await state(page)).field_error === null,
           `${how} puts back the seed in use (${await page.inputValue('#seed-field')})`);
  };
  await page.keyboard.press('Enter');
  await seedSettled('Enter on a refused seed');
  await page.tap('#seed-field');
  await page.fill('#seed-field', '');
  await page.keyboard.press('Enter');
  await seedSettled('Enter on an emptied seed');
  await page.tap('#seed-field');
  await page.keyboard.type('z');
  await page.touchscreen.tap(5, 300);  // a tap elsewhere (the page's margin) leaves the field
  await seedSettled('a tap elsewhere after a refused seed');

  // A finger that starts on a field and drags scrolls the view (a tap would focus the field instead).
  await setView(page, '3d');
  await reveal('#words-field');
  const top = (await page.locator('#words-field').boundingBox()).y;
  const fieldBox = await page.locator('#words-field').boundingBox();
  const fx = fieldBox.x + fieldBox.width / 2, fy = fieldBox.y + fieldBox.height / 2;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: fx, y: fy }] });
  for (let dy = 10; dy <= 150; dy += 10) {
    await settle(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: fx, y: fy - dy }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await settle(page);
  await settle(page);
  const moved = await page.isHidden('#words-field') || (await page.locator('#words-field').boundingBox()).y < top - 20;
  assert(moved, 'a drag that starts on a field scrolls the view');
  assert((await page.evaluate(() => document.activeElement.id)) !== 'words-field', 'a drag does not focus the field');

  await setView(page, 'playground');
  await reveal('#play-seed-field');
  await page.tap('#play-seed-field');
  await page.fill('#play-seed-field', '');
  await page.keyboard.type('31');
  await page.keyboard.press('Enter');
  await settle(page);
  assert((await state(page)).play_seed === 31, `the playground's seed arrives (${(await state(page)).play_seed})`);
  await page.screenshot({ path: path.join(shots, '412x915-playground-seed-field.png') });
  await context.close();
}]);

tests.push(['desktop: keyboard users reach the text and seed fields with Tab, and Backspace edits them', async () => {
  const { context, page } = await openAt(1280, 800, false);
  await setView(page, 'next');
  await settle(page);
  await page.focus('#canvas');
  const reached = [];
  for (let i = 0; i < 12; ++i) {
    await page.keyboard.press('Tab');
    reached.push(await page.evaluate(() => document.activeElement.id));
  }
  assert(reached.includes('text-field') && reached.includes('seed-field'), `Tab reaches the fields (${reached.join(', ')})`);
  await page.focus('#canvas');
  await page.keyboard.press('Shift+Tab');
  assert((await page.evaluate(() => document.activeElement.id)) === 'seed-field', 'Shift+Tab from the canvas reaches the last field');
  await page.focus('#seed-field');
  await page.keyboard.press('End');
  for (let i = 0; i < 12; ++i) await page.keyboard.press('Backspace');  // Backspace edits the field
  await page.keyboard.type('77');
  await page.keyboard.press('Enter');
  await settle(page);
  assert((await state(page)).seed === 77, `a seed typed on a desktop keyboard arrives (${(await state(page)).seed})`);
  await page.focus('#text-field');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await settle(page);
  assert((await state(page)).text === "The animal didn't cross the street because it was too tired", 'Backspace deletes in the text');
  await context.close();
}]);

tests.push(['phone: the view switcher (one list) reaches every view by tapping', async () => {
  const { context, page } = await openAt(360, 640, true);
  const titles = Object.fromEntries((await page.evaluate(() => JSON.parse(Module.ccall('app_views', 'string', [], []))))
    .map((v) => [v.id, v.title]));  // core/views.def, every view
  const tapRect = async ([x, y, w, h]) => { await page.touchscreen.tap(x + w / 2, y + h / 2); await page.waitForTimeout(250); };
  for (const [view, title] of Object.entries(titles)) {
    const menu = (await layout(page))['view-menu'];
    assert(menu && menu[1] + menu[3] <= 640, 'the view list is on the first screen');
    await tapRect(menu);
    let entry = (await layout(page))._items.find((it) => it.label === title);
    for (let i = 0; !entry && i < 6; ++i) {  // further down the open list: scroll it with a finger-sized wheel
      await page.mouse.move(180, 500);
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(150);
      entry = (await layout(page))._items.find((it) => it.label === title);
    }
    assert(entry, `"${title}" in the list`);
    await tapRect(entry.rect);
    assert((await state(page)).view === view, `tapping "${title}" opens ${view} (got ${(await state(page)).view})`);
  }
  await context.close();
}]);

tests.push(['both themes: text on every surface meets WCAG AA (4.5:1)', async () => {
  const { context, page } = await openAt(1280, 800, false);
  const palettes = JSON.parse(await callString(page, 'app_palettes', [], []));
  // WCAG 2.x relative luminance and contrast ratio, written from the definition.
  const luminance = (hex) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const low = [];
  for (const [theme, p] of Object.entries(palettes)) {
    for (const surface of ['background', 'surface', 'surface_hover', 'surface_active', 'button', 'button_hover', 'button_active', 'popup'])
      if (ratio(p.text, p[surface]) < 4.5) low.push(`${theme}: text on ${surface} ${ratio(p.text, p[surface]).toFixed(2)}`);
    for (const surface of ['background', 'surface', 'button', 'popup'])  // captions and hints
      if (ratio(p.muted, p[surface]) < 4.5) low.push(`${theme}: muted text on ${surface} ${ratio(p.muted, p[surface]).toFixed(2)}`);
  }
  assert(low.length === 0, low.join('; '));
  await context.close();
}]);

await run(langs ? tests.slice(0, SIZES.length) : tests, async () => {  // languages: the size checks only
  await browser.close();
  server.kill();
});
