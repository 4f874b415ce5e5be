// Shared pieces of the browser tests: a static server of the built page, headless Chromium, the app's hooks.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const { chromium } = require('playwright-core');

// Starts scripts/serve.py on `port` for `dir`; resolves once it answers.
export async function serve(dir, port) {
  const server = spawn('/usr/bin/python3', [path.join(root, 'scripts', 'serve.py'), dir, '--port', String(port)],
                       { env: { ...process.env, ATTN_SERVE_QUIET: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr.on('data', (d) => process.stderr.write(d));
  await new Promise((resolve, reject) => {
    server.stdout.on('data', (d) => { if (String(d).includes('serving')) resolve(); });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return server;
}

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--hide-scrollbars'],
  });
}

export const state = (page) => page.evaluate(() => JSON.parse(Module.ccall('app_state_json', 'string', [], [])));
export const layout = (page) => page.evaluate(() => JSON.parse(Module.ccall('app_layout_json', 'string', [], [])));
export const call = (page, fn, types, args) =>
  page.evaluate(([f, t, a]) => Module.ccall(f, 'number', t, a), [fn, types, args]);
export const callString = (page, fn, types, args) =>
  page.evaluate(([f, t, a]) => Module.ccall(f, 'string', t, a), [fn, types, args]);

export async function waitReady(page, timeout = 60000) {
  await page.waitForFunction(() => {
    try { return window.Module && Module.ccall && JSON.parse(Module.ccall('app_state_json', 'string', [], [])).ready; }
    catch (e) { return false; }
  }, null, { timeout });
}

// Number of distinct colours in a PNG, decoded by the browser itself (a blank canvas has one or two).
export async function distinctColours(page, png) {
  return page.evaluate(async (b64) => {
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const bmp = await createImageBitmap(blob);
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext('2d');
    g.drawImage(bmp, 0, 0);
    const px = g.getImageData(0, 0, bmp.width, bmp.height).data;
    const seen = new Set();
    for (let i = 0; i < px.length; i += 4 * 7) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
    return seen.size;
  }, png.toString('base64'));
}

// Clicks the centre of a widget the app reported in app_layout_json (CSS pixels), as a person would.
// A widget below (or above) the visible part of its panel is first scrolled to with the wheel, as a reader would.
export async function clickWidget(page, name) {
  let rects = await layout(page);
  if (!rects[name]) throw new Error(`no widget "${name}" on screen`);
  const height = page.viewportSize().height;
  for (let i = 0; i < 20 && (rects[name][1] + rects[name][3] > height || rects[name][1] < 0); ++i) {
    await page.mouse.move(rects[name][0] + 4, Math.min(height - 40, Math.max(40, rects[name][1])));  // inside its panel
    await page.mouse.wheel(0, rects[name][1] < 0 ? -150 : 150);
    await page.waitForTimeout(120);
    rects = await layout(page);
  }
  const [x, y, w, h] = rects[name];
  await page.mouse.move(x + w / 2, y + h / 2);
  await page.waitForTimeout(60);
  await page.mouse.down();
  await page.waitForTimeout(60);
  await page.mouse.up();
  await page.waitForTimeout(120);
}

// Minimal runner that prints the closing line ctest and CI read.
// Runs the tests in order (ATTN_TEST_FILTER=words: only those whose name holds it, while working on one).
export async function run(tests, cleanup = async () => {}) {
  let passed = 0, failed = 0;
  const only = process.env.ATTN_TEST_FILTER || '';
  for (const [name, fn] of tests.filter(([name]) => name.includes(only))) {
    try {
      await fn();
      passed++;
      console.log(`ok - ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAILED - ${name}: ${e.stack || e}`);
    }
  }
  await cleanup();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}
