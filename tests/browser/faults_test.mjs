// Network faults and wrong files, against a local server that misbehaves on purpose. Each shows its
// reason and a Retry that works once the server behaves. Also: the canvas follows a 2× device pixel ratio.
// usage: node tests/browser/faults_test.mjs WEB_DIR
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { assert, launch, root, run, state, waitReady } from './browser_util.mjs';

const [webDir] = process.argv.slice(2);
const { chromium } = createRequire(path.join(root, 'package.json'))('playwright-core');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json',
                '.css': 'text/css', '.ttf': 'font/ttf' };
let fault = null;  // 'cut' | 'stall' | 'html' | 'wrong' | null, applied to weights/default/model.safetensors

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const file = path.join(webDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
  const isWeights = url.pathname.endsWith('weights/default/model.safetensors');
  if (isWeights && fault === 'stall') {  // the start of the real file, then nothing: the loader waits for the header's rest
    const start = fs.readFileSync(file).subarray(0, 1000);
    res.writeHead(200, { 'Content-Length': '1000000' });
    res.write(start);
    return;
  }
  if (isWeights && fault === 'html') { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end('<html>login</html>'); return; }
  const real = isWeights && fault === 'wrong' ? path.join(webDir, 'weights', 'faults-other', 'model.safetensors') : file;
  if (!real.startsWith(webDir) || !fs.existsSync(real)) { res.writeHead(404); res.end('not found'); return; }
  const body = fs.readFileSync(real);
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(real)] || 'application/octet-stream', 'Content-Length': body.length,
                       'Cache-Control': 'no-store' });
  if (isWeights && fault === 'cut') {  // headers and half the body arrive, then the connection drops
    res.write(body.subarray(0, body.length >> 1), () => setTimeout(() => res.destroy(), 200));
    return;
  }
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

// A different, valid model's weights: the "wrong file for this config.json" case.
const other = path.join(webDir, 'weights', 'faults-other');
fs.mkdirSync(other, { recursive: true });
const otherSource = ['reftiny', 'gpt2-small-f16'].map((n) => path.join(webDir, 'weights', n, 'model.safetensors')).find(fs.existsSync)
  || path.join(webDir, '..', 'native', 'reference', 'f32', 'model.safetensors');
fs.copyFileSync(otherSource, path.join(other, 'model.safetensors'));

const browser = await launch();

async function expectErrorThenRetry(kind, pattern, stallMs) {
  fault = kind;
  const page = await browser.newPage();
  if (stallMs) await page.addInitScript((ms) => { window.__attnStallMs = ms; }, stallMs);
  await page.goto(`${base}?model=default`);
  await page.waitForSelector('#error:not([hidden])', { timeout: 60000 });
  const text = await page.textContent('#error-text');
  assert(pattern.test(text), `${kind}: reason shown ("${text}")`);
  assert(!text.includes('\n'), 'one line');
  fault = null;
  await page.click('#retry');
  await waitReady(page);
  assert((await state(page)).error === null, 'works after retry');
  await page.close();
}

await run([
  ['a body cut off half-way', () => expectErrorThenRetry('cut', /cut off|broke off/)],
  ['a web page instead of the weights', () => expectErrorThenRetry('html', /web page instead/)],
  ['weights of another model than config.json', () => expectErrorThenRetry('wrong', /model\.safetensors: tensor '.*' has shape/)],
  ['a server that stalls', () => expectErrorThenRetry('stall', /stopped answering|stalled/, 1500)],
  ['a 2x screen gets a 2x canvas (crisp text)', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 2 });
    await page.goto(`${base}?model=default`);
    await waitReady(page);
    await page.waitForTimeout(300);
    const size = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
    assert(size[0] === 1600 && size[1] === 1200, `canvas backing store ${size}`);
    await page.close();
  }],
  ['without WebGL2: a sentence that names WebGL, the summary and Download JSON, never a blank page', async () => {
    const plain = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-webgl', '--disable-3d-apis'] });
    const page = await plain.newPage({ acceptDownloads: true });
    await page.goto(`${base}?model=default`);
    await waitReady(page);
    await page.waitForSelector('#notice:not([hidden])', { timeout: 20000 });
    const notice = await page.textContent('#notice-text');
    assert(/WebGL2/.test(notice) && /hardware acceleration/.test(notice), `names WebGL2 and what to do (${notice})`);
    await page.waitForFunction(() => document.querySelector('#summary').textContent.length > 20, null, { timeout: 10000 });
    const summary = await page.evaluate(() => { const r = document.querySelector('#summary').getBoundingClientRect(); return [r.width, r.height]; });
    assert(summary[0] > 200 && summary[1] > 20, `the summary is shown (${summary})`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#notice-download')]);
    const json = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert(Array.isArray(json.attention) && json.attention.length === json.ids.length, 'Download JSON holds the attention');
    assert((await page.evaluate(() => Module.ccall('app_frames', 'number', [], []))) === 0, 'no frames drawn: the notice is what tells');
    await plain.close();
  }],
], async () => {
  await browser.close();
  server.close();
  fs.rmSync(other, { recursive: true, force: true });
});
