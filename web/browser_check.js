// What the page needs from the browser, checked by feature (never by user agent) before anything is fetched:
// WebAssembly with SIMD and room to grow its memory are required; without WebGL2 the model still runs, but
// nothing is drawn, so the page says so and offers the text summary and Download JSON instead.

// The smallest module that uses a SIMD instruction (i8x16.splat then i8x16.popcnt on a constant): validating it
// says whether the engine's SIMD build can run.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0,
                                   253, 15, 253, 98, 11]);

// -> { fatal: 'one line' | null, webgl2: bool }
export function checkBrowser() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function')
    return { fatal: 'This browser has no WebAssembly, which the explainer runs on. Open the page in a current Chrome, ' +
                    'Edge, Firefox or Safari (or turn WebAssembly back on, if it was switched off).', webgl2: false };
  let simd = false;
  try { simd = WebAssembly.validate(SIMD_PROBE); } catch (e) { simd = false; }
  if (!simd)
    return { fatal: 'This browser\'s WebAssembly has no SIMD (vector instructions), which the explainer\'s engine uses. ' +
                    'Chrome 91, Firefox 89 and Safari 16.4 and later have it: please update the browser.', webgl2: false };
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
    memory.grow(2047);  // 128 MB: what the default model needs, with room for its traces
  } catch (e) {
    return { fatal: 'The browser would not give the page 128 MB of memory for the model. Close some tabs and reload, ' +
                    'or try another browser.', webgl2: false };
  }
  // Only whether the browser knows WebGL2: making a context to be sure cost about a second here (software GL),
  // before anything could be fetched. The app's own context says the rest (app_has_window, once it runs).
  return { fatal: null, webgl2: typeof WebGL2RenderingContext !== 'undefined' };
}

export const NO_WEBGL2 = 'This browser gives the page no WebGL2, so the explainer cannot draw its views. The model still runs ' +
  'on your text: what it shows is written below, and Download JSON saves every number. To see the views, turn on ' +
  'hardware acceleration (graphics acceleration) in the browser\'s settings, or open the page in a current Chrome, ' +
  'Firefox or Safari.';
