// Page loader: fetches the wasm, the font, the tokenizer and the model with a progress bar per file,
// starts the C++ app and hands it the bytes. Any failure shows its reason and a Retry button.
'use strict';
(function () {
  // A download that receives nothing for this long is reported as stalled (tests shorten it).
  const STALL_MS = window.__attnStallMs || 20000;
  const params = new URLSearchParams(location.search);
  const $ = (id) => document.getElementById(id);
  const cache = new Map();  // url -> Uint8Array of finished downloads (kept across retries)
  const timing = { start: performance.now() };
  window.__attn = timing;

  // -- which model ------------------------------------------------------------------------------
  function resolveModel() {
    const m = params.get('model') || 'default';
    if (/^[A-Za-z0-9_-]{1,64}$/.test(m)) return { name: m, base: `weights/${m}/` };
    let url;
    try { url = new URL(m, location.href); } catch (e) { url = null; }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw new Error(`?model= must be a model name (letters, digits, - and _) or an http(s) address; got "${m.slice(0, 80)}"`);
    const base = url.href.endsWith('/') ? url.href : url.href + '/';
    return { name: base, base };
  }

  // -- downloads with progress ------------------------------------------------------------------
  function mb(n) { return (n / 1048576).toFixed(n < 10485760 ? 2 : 1) + ' MB'; }

  function fileRow(label) {
    const row = document.createElement('div');
    row.className = 'file';
    row.innerHTML = '<span class="name"></span><span class="bytes">waiting</span><progress max="1" value="0"></progress>';
    row.querySelector('.name').textContent = label;
    $('files').appendChild(row);
    return row;
  }

  async function download(url, label) {
    if (cache.has(url)) return cache.get(url);
    const row = fileRow(label);
    const bar = row.querySelector('progress'), text = row.querySelector('.bytes');
    const abort = new AbortController();
    let stallTimer = setTimeout(() => abort.abort(), STALL_MS);
    const poke = () => { clearTimeout(stallTimer); stallTimer = setTimeout(() => abort.abort(), STALL_MS); };
    try {
      let response;
      try {
        response = await fetch(url, { signal: abort.signal });
      } catch (e) {
        throw new Error(abort.signal.aborted ? `${label}: the server stopped answering (no data for ${STALL_MS / 1000} s)`
                                             : `${label}: could not reach the server or the connection dropped (${e.message})`);
      }
      if (!response.ok) throw new Error(`${label}: HTTP ${response.status} ${response.statusText} for ${url}`);
      const type = response.headers.get('content-type') || '';
      if (type.includes('text/html')) throw new Error(`${label}: the server sent a web page instead of the file (${url})`);
      const encoded = response.headers.get('content-encoding');
      const total = Number(response.headers.get('content-length')) || 0;
      const reader = response.body.getReader();
      const chunks = [];
      let received = 0;
      for (;;) {
        let step;
        try {
          step = await reader.read();
        } catch (e) {
          throw new Error(abort.signal.aborted ? `${label}: the download stalled at ${mb(received)} (no data for ${STALL_MS / 1000} s)`
                                               : `${label}: the download broke off at ${mb(received)} (${e.message})`);
        }
        if (step.done) break;
        poke();
        chunks.push(step.value);
        received += step.value.length;
        text.textContent = total ? `${mb(received)} / ${mb(total)}` : mb(received);
        bar.value = total ? Math.min(1, received / total) : 0.5;
      }
      if (total && !encoded && received < total)
        throw new Error(`${label}: the download was cut off at ${received} of ${total} bytes`);
      const bytes = new Uint8Array(received);
      let offset = 0;
      for (const c of chunks) { bytes.set(c, offset); offset += c.length; }
      bar.value = 1;
      text.textContent = mb(received);
      row.classList.add('done');
      cache.set(url, bytes);
      return bytes;
    } catch (e) {
      row.remove();
      throw e;
    } finally {
      clearTimeout(stallTimer);
    }
  }

  // -- the wasm runtime -------------------------------------------------------------------------
  let runtime = null;
  function startRuntime(wasmBinary) {
    if (runtime) return runtime;
    runtime = new Promise((resolve, reject) => {
      window.Module = {
        canvas: $('canvas'),
        wasmBinary,
        print: (t) => console.log(t),
        printErr: (t) => console.warn(t),
        onRuntimeInitialized: () => resolve(window.Module),
        onAbort: (what) => showError(`The explainer stopped: ${what}`),
      };
      const script = document.createElement('script');
      script.src = 'attn_app.js';
      script.onerror = () => { runtime = null; reject(new Error('attn_app.js could not be loaded')); };
      document.body.appendChild(script);
    });
    return runtime;
  }

  function withBytes(M, arrays, fn) {
    const ptrs = arrays.map((a) => { const p = M._malloc(Math.max(1, a.length)); M.HEAPU8.set(a, p); return p; });
    try { return fn(ptrs); } finally { ptrs.forEach((p) => M._free(p)); }
  }

  // -- the screen-reader summary: the app's current state as text in an aria-live region ----------
  let summaryTimer = null;
  function startSummary(M) {
    if (summaryTimer) return;
    summaryTimer = setInterval(() => {
      const text = M.ccall('app_summary', 'string', [], []);
      if ($('summary').textContent !== text) $('summary').textContent = text;
    }, 500);
  }

  // -- errors and retry -------------------------------------------------------------------------
  function showError(message) {
    $('error-text').textContent = message;
    $('error').hidden = false;
    $('loader').hidden = true;
  }

  // -- touch: tap = hover + click, delivered as mouse events GLFW understands ---------------------
  function forwardTouch(type, touch) {
    $('canvas').dispatchEvent(new MouseEvent(type, { clientX: touch.clientX, clientY: touch.clientY, screenX: touch.screenX,
      screenY: touch.screenY, button: 0, buttons: type === 'mouseup' ? 0 : 1, bubbles: true, cancelable: true }));
  }
  // Two fingers: pinch becomes the mouse wheel (zoom in the 3D view), never a click.
  let pinch = 0;
  const spread = (ts) => Math.hypot(ts[0].clientX - ts[1].clientX, ts[0].clientY - ts[1].clientY);
  for (const [touchType, mouseType] of [['touchstart', 'mousedown'], ['touchmove', 'mousemove'], ['touchend', 'mouseup']]) {
    window.addEventListener(touchType, (e) => {
      if (e.target !== $('canvas')) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      if (e.touches.length >= 2) {
        const d = spread(e.touches);
        if (touchType === 'touchmove' && pinch)
          $('canvas').dispatchEvent(new WheelEvent('wheel', { deltaY: (pinch - d) * 2, clientX: (e.touches[0].clientX + e.touches[1].clientX) / 2,
                                                              clientY: (e.touches[0].clientY + e.touches[1].clientY) / 2, bubbles: true, cancelable: true }));
        pinch = d;
        return;
      }
      if (pinch) { pinch = 0; if (touchType !== 'touchstart') return; }
      const t = e.changedTouches[0];
      if (touchType === 'touchstart') {
        forwardTouch('mousemove', t);                                   // hover first,
        requestAnimationFrame(() => forwardTouch('mousedown', t));      // press on the next frame
      } else if (touchType === 'touchend') {
        requestAnimationFrame(() => requestAnimationFrame(() => forwardTouch('mouseup', t)));
      } else {
        forwardTouch(mouseType, t);
      }
    }, { capture: true, passive: false });
  }

  // -- the whole start-up, re-run by Retry ------------------------------------------------------
  async function start() {
    $('error').hidden = true;
    $('loader').hidden = false;
    try {
      const model = resolveModel();
      $('loader-title').textContent = `Loading the explainer and the "${model.name}" model…`;
      const wasm = download('attn_app.wasm', 'engine (attn_app.wasm)');
      const font = download('fonts/app.ttf', 'font');
      const lesson = download('lesson.json', 'lesson texts');
      const encoder = download('tokenizer/encoder.json', 'tokenizer vocabulary (encoder.json)');
      const merges = download('tokenizer/vocab.bpe', 'tokenizer merges (vocab.bpe)');
      const config = download(model.base + 'config.json', 'model config.json');
      const weights = download(model.base + 'model.safetensors', 'model weights (model.safetensors)');
      const M = await startRuntime(await wasm);
      timing.runtime = performance.now();
      try {  // the picker's list; optional
        const index = await fetch('weights/index.json');
        if (index.ok) M.ccall('app_set_models', null, ['string'], [await index.text()]);
      } catch (e) { /* no list: the picker shows only the current model */ }
      const lessonText = await lesson;
      M.ccall('app_set_lesson', null, ['string'], [new TextDecoder().decode(lessonText)]);
      const fontBytes = await font;
      withBytes(M, [fontBytes], ([p]) => M.ccall('app_set_font', 'number', ['number', 'number'], [p, fontBytes.length]));
      const files = [await config, await weights, await encoder, await merges];
      try {
        JSON.parse(new TextDecoder().decode(files[0]));
      } catch (e) {
        throw new Error(`config.json at ${model.base} is not valid JSON (${e.message})`);
      }
      timing.downloaded = performance.now();
      const error = withBytes(M, files, (p) => M.ccall('app_load_model', 'string',
        ['string', 'number', 'number', 'number', 'number', 'number', 'number', 'number', 'number'],
        [model.name, p[0], files[0].length, p[1], files[1].length, p[2], files[2].length, p[3], files[3].length]));
      if (error) {
        cache.delete(model.base + 'config.json');  // a wrong pair of files is fetched again on Retry
        cache.delete(model.base + 'model.safetensors');
        throw new Error(error);
      }
      // The reader's state from the link: query parameters, then the #fragment (which wins).
      M.ccall('app_apply_url', null, ['string'], [location.search.slice(1) + '&' + location.hash.slice(1)]);
      timing.ready = performance.now();
      $('loader').hidden = true;
      if (!params.has('embed')) $('canvas').focus();
      startSummary(M);
    } catch (e) {
      showError(e.message || String(e));
    }
  }

  $('retry').addEventListener('click', start);
  start();
})();
