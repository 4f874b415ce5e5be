// Page start-up: fetches the wasm, the fonts and the lesson with a progress bar per file, starts the C++ app,
// then has the model streamed into it (web/model_load.js). Any failure shows its one-line reason, Retry, and a
// way back to the default model (web/errors.js); the page is never left blank.
import { resolveModel } from './model_source.js';
import { mb } from './model_download.js';
import { modelLoading } from './model_load.js';
import { startHtmlFields } from './html_fields.js';
import { checkBrowser, NO_WEBGL2 } from './browser_check.js';
import { pickLanguage, languageFiles, loadEnglish, t, hasCjk, translatePage } from './language.js';
import { startTouch } from './touch.js';
import { fetchWhole } from './whole_file.js';
import { startErrors } from './errors.js';

(function () {
  const params = new URLSearchParams(location.search);
  const $ = (id) => document.getElementById(id);
  const cache = new Map();  // url -> Uint8Array of finished page downloads (kept across retries)
  const timing = { start: performance.now() };
  window.__attn = timing;

  // -- downloads with progress ------------------------------------------------------------------

  function fileRow(label) {
    const row = document.createElement('div');
    row.className = 'file';
    row.innerHTML = '<span class="name"></span><span class="bytes"></span><progress max="1" value="0"></progress>';
    row.querySelector('.bytes').textContent = T('web.waiting', 'waiting');
    row.querySelector('.name').textContent = label;
    $('files').appendChild(row);
    return row;
  }

  // The page's own files are asked for as the script starts, before the catalogues that name their progress
  // rows have arrived: download() then reads the response already under way.
  const early = new Map();
  const prefetch = (url, options = {}) => { if (!early.has(url)) early.set(url, fetch(url, options).catch(() => null)); };
  const takeEarly = (url) => { const r = early.get(url) || null; early.delete(url); return r; };

  // A page file (wasm, fonts, lesson, tokenizer) with a progress row; kept for Retry. The HTTP cache keeps
  // these (not Cache Storage, which is for models).
  async function download(url, label) {
    if (cache.has(url)) return cache.get(url);
    const row = fileRow(label);
    const bar = row.querySelector('progress'), text = row.querySelector('.bytes');
    const onProgress = (d) => {
      text.textContent = d.size ? `${mb(d.received)} / ${mb(d.size)}` : mb(d.received);
      bar.value = d.size ? Math.min(1, d.received / d.size) : 0.5;
    };
    let got;
    try {
      got = await fetchWhole({ url, label, httpCache: 'default', early: takeEarly(url), onProgress });
    } catch (e) {
      row.remove();
      throw new Error(e.message);  // a page file is fetched again whole by Retry (not a resumable download)
    }
    bar.value = 1;
    text.textContent = mb(got.bytes.length);
    row.classList.add('done');
    cache.set(url, got.bytes);
    return got.bytes;
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
        onAbort: stopped,
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

  // -- errors, retry, and the way back (web/errors.js) ----------------------------------------------
  const { showError, stopped } = startErrors({ T: (...a) => T(...a), params, started: () => runtime !== null });

  startTouch($('canvas'));  // web/touch.js: taps, drags and pinches as the mouse events GLFW reads

  // -- the model (web/model_load.js) -------------------------------------------------------------------
  const models = modelLoading({ $, T: (...a) => T(...a), params, timing, fileRow, download, takeEarly, withBytes });

  // -- the whole start-up, re-run by Retry ------------------------------------------------------
  // No WebGL2: the model runs but nothing is drawn. The page says why and shows the text summary and Download JSON.
  function showWithoutDrawing(M) {
    $('notice-text').textContent = T('web.no_webgl2', NO_WEBGL2);
    $('notice').hidden = false;
    $('summary').classList.remove('visually-hidden');
    $('summary').classList.add('shown');
    $('notice-download').onclick = () => {
      const blob = new Blob([M.ccall('app_export', 'string', [], [])], { type: 'application/json' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'attention.json';
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    };
  }

  const support = checkBrowser();
  timing.webgl2 = support.webgl2;
  if (!support.fatal) {
    for (const f of ['attn_app.wasm', 'fonts/app.ttf', 'fonts/serif.ttf', 'fonts/bold.ttf', 'lesson.json']) prefetch(f);
    // GPT-2's tokenizer bundled with the page: what the default model (and any GPT-2 without its own) reads.
    if (!/^(hf:|https?:)/.test(params.get('model') || '')) for (const f of ['tokenizer/encoder.json', 'tokenizer/vocab.bpe']) prefetch(f);
    // A model shipped with the page: its files too (fetched as the model's own downloads fetch them).
    const shipped = params.get('model') || 'default';
    if (/^[A-Za-z0-9_-]{1,64}$/.test(shipped))
      for (const f of ['config.json', 'model.safetensors']) prefetch(`weights/${shipped}/${f}`, { cache: 'no-store' });
  }
  let lang = pickLanguage(params, location.hash);
  // The catalogues, fetched as the page starts (the loader's own words need them; tens of KB).
  const languageReady = Promise.all([loadEnglish(), languageFiles(lang).catch(() => null)]);
  // A page string in the reader's language; the English given here until the catalogues have arrived.
  const T = (key, english, vars = {}) => {
    const text = t(lang, key, vars);
    return text === key ? english.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m)) : text;
  };
  document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : lang;

  // -- the reader's language ----------------------------------------------------------------------
  const safeDecode = (s) => { try { return decodeURIComponent(s); } catch (e) { return ''; } };
  // Chinese glyphs in three cuts (scripts/subset_cjk_font.py), each fetched once when needed: 0 the picker's
  // "中文", 1 GB 2312 (a Chinese page or text), 2 every ideograph (a character the first lacks).
  const CJK_FONTS = ['fonts/cjk-names.otf', 'fonts/cjk.otf', 'fonts/cjk-all.otf'];
  const cjkFonts = [];
  function loadCjkFont(M, level = 1) {
    if (!cjkFonts[level]) {
      // The one downloader (stall and error messages), without a progress row: the page is already up.
      cjkFonts[level] = fetchWhole({ url: CJK_FONTS[level], label: CJK_FONTS[level], httpCache: 'default', onProgress: () => {} }).then(({ bytes }) => {
        withBytes(M, [bytes], ([p]) => M.ccall('app_set_font', 'number', ['number', 'number', 'number'], [3 + level, p, bytes.length]));
      }).catch((e) => console.warn('Chinese font:', e.message || e));  // the characters stay □, counted in missing_glyphs
    }
    return cjkFonts[level];
  }
  async function setLanguage(M, code) {
    try {
      const files = await languageFiles(code);
      const error = M.ccall('app_set_language', 'string', ['string', 'string', 'string'], [code, files.catalogue, files.lesson]);
      if (error) console.warn(error);
      lang = code;
      document.documentElement.lang = code === 'zh' ? 'zh-Hans' : code;
      translatePage(code);
      const url = new URL(location.href);  // the query says it; the app writes it into the #fragment too
      url.searchParams.set('lang', code);  // kept for English too: a choice, not the browser's default
      history.replaceState(null, '', url.href);
      if (code === 'zh') loadCjkFont(M);
    } catch (e) {
      M.ccall('app_set_language', 'string', ['string', 'string', 'string'], ['en', '', '']);
      console.warn(`lang=${code}: ${e.message || e}; showing English`);
    }
  }

  async function start() {
    if (support.fatal) {
      showError(support.fatal, false, true);
      return;
    }
    $('error').hidden = true;
    $('loader').hidden = false;
    $('files').textContent = '';
    let model = null;
    try {
      model = resolveModel(params);
      model.cached = model.hub || /^https?:/.test(model.name);  // downloads from elsewhere are kept; shipped ones are the page's own
      await languageReady;
      translatePage(lang);
      $('loader-title').textContent = t(lang, 'web.loading', { model: model.label });
      const wasm = download('attn_app.wasm', T('web.file_engine', 'engine (attn_app.wasm)'));
      const fonts = [download('fonts/app.ttf', T('web.file_font', 'font')), download('fonts/serif.ttf', T('web.file_serif', 'font (lesson text)')),
                     download('fonts/bold.ttf', T('web.file_bold', 'font (titles)'))];
      const lesson = download('lesson.json', T('web.file_lesson', 'lesson texts'));
      // The picker's "中文" (a few hundred bytes), in the atlas before the first frame draws it.
      const names = fetch(CJK_FONTS[0]).then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null);
      await models.openStore();
      const M = await startRuntime(await wasm);
      timing.runtime = performance.now();
      support.webgl2 = timing.webgl2 = support.webgl2 && !!M.ccall('app_has_window', 'number', [], []);
      if (!window.attnHtmlFields) startHtmlFields(M, $('canvas'), $('text-field'));
      const lessonText = await lesson;
      M.ccall('app_set_lesson', null, ['string'], [new TextDecoder().decode(lessonText)]);
      window.attnSetLanguage = (code) => setLanguage(M, code);
      window.attnLoadCjkFont = (level) => loadCjkFont(M, level);
      if (lang !== 'en') await setLanguage(M, lang);
      if (lang === 'zh' || hasCjk(params.get('text')) || hasCjk(safeDecode(location.hash))) loadCjkFont(M);
      const namesBytes = await names;
      if (namesBytes) {
        const bytes = new Uint8Array(namesBytes);
        withBytes(M, [bytes], ([p]) => M.ccall('app_set_font', 'number', ['number', 'number', 'number'], [3, p, bytes.length]));
      }
      for (let role = 2; role >= 0; --role) {  // the sans last: it starts the first frame
        const bytes = await fonts[role];
        withBytes(M, [bytes], ([p]) => M.ccall('app_set_font', 'number', ['number', 'number', 'number'], [role, p, bytes.length]));
      }
      timing.fonts = performance.now();  // the first atlas is built
      window.attnForgetModel = (name) => models.forgetModel(M, name, model);
      // The picker's list (a Cache Storage lookup per Hub model) beside the model's download, not before it.
      const listed = models.sendModelList(M, model);
      await models.loadModel(M, model);
      // The reader's state from the link, in the same task as the model (no frame in between): query
      // parameters, then the #fragment (which wins).
      M.ccall('app_apply_url', null, ['string'], [location.search.slice(1) + '&' + location.hash.slice(1)]);
      timing.ready = performance.now();
      $('loader').hidden = true;  // the picker's list does not hold the page back
      listed.then(() => models.sendModelList(M, model)).catch(() => {});  // the model just loaded may now be cached
      if (!params.has('embed')) $('canvas').focus();
      startSummary(M);
      if (!support.webgl2) showWithoutDrawing(M);
      window.attnLoadPartner = (name) => models.loadPartner(M, name);
      if (params.get('with')) M.ccall('app_request_partner', null, ['string'], [params.get('with')]);
    } catch (e) {
      early.clear();  // what was asked for before the first try is stale for a Retry
      const resumable = await models.afterFailure(window.Module, e);
      showError(e.message || String(e), resumable);
    }
  }

  // The page's own files, kept for an offline visit (web/sw.js); where it cannot register, the page still works.
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => {});
  $('retry').addEventListener('click', start);
  $('cancel').addEventListener('click', () => models.cancel());
  start();
})();
