// Firefox and WebKit for the browser tests, behind one small interface (the Chromium tests use playwright-core
// directly): Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, and WebKitGTK's MiniBrowser
// driven by selenium-webdriver through WebKitWebDriver. Both run with a display (xvfb-run -a): headless Firefox
// has no WebGL2 here, and MiniBrowser has no headless mode.
//   tab.goto(url) · tab.evaluate(fn, ...args) · tab.waitFor(fn, timeoutMs, ...args) · tab.click(x, y) (CSS px,
//   real pointer events) · tab.type(selector, text) (real key events) · tab.clickSelector(selector) ·
//   tab.screenshot(path) · tab.close()
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import { root } from './browser_util.mjs';
import path from 'node:path';

const require = createRequire(path.join(root, 'package.json'));

async function pollUntil(check, timeout, what) {
  const end = Date.now() + timeout;
  let last = null;
  for (;;) {
    try { if (await check()) return; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${last ? ` (${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

export async function openFirefox({ width = 1280, height = 860 } = {}) {
  const puppeteer = require('puppeteer-core');
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: false,
                                          args: [`--width=${width}`, `--height=${height + 120}`], protocolTimeout: 300000 });
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  page.on('pageerror', (e) => console.log(`firefox page error: ${e.message}`));
  return {
    name: 'Firefox ' + (await browser.version()),
    goto: (url) => page.goto(url, { waitUntil: 'load', timeout: 120000 }),
    reload: () => page.reload({ waitUntil: 'load', timeout: 120000 }),
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    waitFor: (fn, timeout = 60000, ...args) => pollUntil(() => page.evaluate(fn, ...args), timeout, fn.toString().slice(0, 80)),
    async click(x, y) {
      await page.mouse.move(x, y);
      await new Promise((r) => setTimeout(r, 60));
      await page.mouse.down();
      await new Promise((r) => setTimeout(r, 60));
      await page.mouse.up();
    },
    async type(selector, text) {
      await page.focus(selector);
      await page.evaluate((sel) => document.querySelector(sel).select(), selector);
      await page.keyboard.press('Backspace');
      await page.keyboard.type(text);
    },
    clickSelector: (selector) => page.click(selector),
    screenshot: (file) => page.screenshot({ path: file }),
    close: () => browser.close(),
  };
}

export async function openWebKit({ width = 1280, height = 860 } = {}) {
  const { Builder, By, Origin, until } = require('selenium-webdriver');
  const port = await freePort();
  const driverProcess = spawn('/usr/bin/WebKitWebDriver', [`--port=${port}`], { stdio: 'ignore' });
  await pollUntil(() => fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok), 20000, 'WebKitWebDriver');
  const caps = { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': {
    binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', args: ['--automation'] } };
  // Without a display the session never starts: give it a deadline instead of hanging the suite.
  const driver = await Promise.race([
    new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities(caps).build(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('WebKitWebDriver: no session within 60 s (is there a display? run under xvfb-run -a)')), 60000)),
  ]);
  await driver.manage().window().setRect({ width, height: height + 40 });
  await driver.manage().setTimeouts({ script: 300000, pageLoad: 120000 });
  const evaluate = (fn, ...args) => driver.executeScript(`return (${fn.toString()})(...arguments);`, ...args);
  return {
    name: 'WebKitGTK ' + (await driver.getCapabilities()).get('browserVersion'),
    goto: (url) => driver.get(url),
    reload: () => driver.navigate().refresh(),
    evaluate,
    waitFor: (fn, timeout = 60000, ...args) => pollUntil(() => evaluate(fn, ...args), timeout, fn.toString().slice(0, 80)),
    async click(x, y) {
      await driver.actions({ async: true }).move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT }).pause(60)
        .press().pause(60).release().perform();
    },
    async type(selector, text) {
      const field = await driver.findElement(By.css(selector));
      // The page lays its fields over the boxes the app drew on a frame after "ready": wait for that frame
      // (under load it can come late, and WebKit refuses keys for an element not yet shown).
      await driver.wait(until.elementIsVisible(field), 15000);
      await driver.wait(until.elementIsEnabled(field), 15000);
      await field.clear();
      await field.sendKeys(text);
    },
    clickSelector: async (selector) => (await driver.findElement(By.css(selector))).click(),
    screenshot: async (file) => fs.writeFileSync(file, Buffer.from(await driver.takeScreenshot(), 'base64')),
    async close() {
      await driver.quit().catch(() => {});
      driverProcess.kill();
    },
  };
}
