// Page loader: fetches the wasm, the font and the lesson with a progress bar per file, starts the C++ app, then
// streams the model into it (web/model_download.js: progress, speed, Cancel, resume, Cache Storage). Any failure
// shows its one-line reason, Retry, and a way back to the default model; the page is never left blank.
import { resolveModel, HUB_MODELS } from './model_source.js';
import { ModelCache } from './model_cache.js';
import { Download, DownloadError, mb } from './model_download.js';
import { convertedUrl, replayConverted, revisionNow, saveConverted } from './converted_cache.js';
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

  // -- the model: streamed into the engine as it downloads ---------------------------------------------
  let store;              // Cache Storage for downloaded models (null where the browser has none)
  let weights = null;     // the weights download in progress: kept across Retry, which resumes it
  let cancel = null;      // aborts the model's downloads

  const modelUrls = (model, tokenizer, family = 'gpt2') => [model.base + 'config.json', model.base + 'model.safetensors',
    ...(tokenizer ? [model.base + tokenizer.vocab, model.base + tokenizer.merges] : []),
    ...(family === 'bert' ? [model.base + 'vocab.txt', model.base + 'tokenizer_config.json']
      : family !== 'gpt2' ? [model.base + 'tokenizer.json', model.base + 'tokenizer_config.json'] : [])];

  // The picker's list: the shipped models, then the Hub's GPT-2 checkpoints, each marked when cached here.
  async function sendModelList(M, current) {
    let shipped = [];
    try {
      const index = await fetch('weights/index.json');
      if (index.ok) shipped = (await index.json()).models || [];
    } catch (e) { /* no list: the picker shows the Hub models and the current one */ }
    const hub = HUB_MODELS.slice();
    if (current.hub && !hub.some((m) => m.name === current.name)) hub.push({ name: current.name, label: current.label, bytes: timing.modelBytes || 0 });
    await Promise.all(hub.map(async (m) => { m.cached = store ? await store.isCached(m.name).catch(() => false) : false; }));
    M.ccall('app_set_models', null, ['string'], [JSON.stringify({ models: [...shipped, ...hub.map((m) => ({ ...m, hub: true }))] })]);
  }

  function progressRow(label) {
    const row = fileRow(label);
    const bar = row.querySelector('progress'), text = row.querySelector('.bytes');
    return (d) => {
      const left = d.size && d.speed > 0 && d.fromNetwork ? (d.size - d.received) / d.speed : 0;
      const eta = left > 90 ? T('web.min_left', '{n} min left', { n: Math.round(left / 60) })
        : left > 0 ? T('web.s_left', '{n} s left', { n: Math.ceil(left) }) : '';
      text.textContent = [d.size ? `${mb(d.received)} / ${mb(d.size)}` : mb(d.received),
                          d.fromNetwork ? `${mb(d.speed)}/s` : d.fromCache ? T('web.from_cache', 'from this browser\'s cache') : '', eta]
                         .filter(Boolean).join(' · ');
      bar.value = d.size ? Math.min(1, d.received / d.size) : 0.5;
      if (d.done) row.classList.add('done');
    };
  }

  // A small model file (config, tokenizer) as bytes, through the same cache and resume path as the weights.
  function fetchModelFile(url, label, model, signal, row = progressRow) {
    return fetchWhole({ url, label, hub: model.hub && model.name, cache: model.cached ? store : null, early: takeEarly(url),
                        onProgress: row(label) }, signal);
  }

  // Feeds the engine's stream through one reusable 1 MB buffer in wasm memory.
  // Its .free() gives the buffer back once the model is in.
  function feeder(M) {
    const size = 1 << 20;
    const ptr = M._malloc(size);
    const feed = (bytes) => {
      for (let at = 0; at < bytes.length; at += size) {
        const piece = bytes.subarray(at, Math.min(bytes.length, at + size));
        M.HEAPU8.set(piece, ptr);  // HEAPU8 is looked up each time: memory growth replaces it
        const error = M.ccall('app_stream_feed', 'string', ['number', 'number'], [ptr, piece.length]);
        if (error) throw new DownloadError(error, false);
      }
    };
    feed.free = () => M._free(ptr);
    return feed;
  }

  function showShape(M) {
    if ($('model-shape').textContent) return;  // shown once: not a wasm call and a parse per piece
    const info = JSON.parse(M.ccall('app_stream_info', 'string', [], []));
    if (!info.header_read) return;
    const values = info.weight_bytes / { f32: 4, f16: 2, int8: 1 }[info.storage];
    $('model-shape').textContent = T('web.model_shape', '{layers} layers × {heads} heads, {dims} dims, vocabulary {vocab}: {weights} M weights, {mb} in memory as {storage}',
      { layers: info.n_layer, heads: info.n_head, dims: info.n_embd, vocab: info.vocab_size, weights: (values / 1e6).toFixed(0),
        mb: mb(info.weight_bytes), storage: info.storage });
  }

  // The engine's own copy from an earlier visit (web/converted_cache.js), used when this engine made it from the
  // revision the server holds now, fed into the stream begin() starts. null: none (or no longer whole).
  async function fromCopy(M, copyUrl, rawUrl, begin, row) {
    timing.copyStart = performance.now();
    const copy = await store.manifest(copyUrl).catch(() => null);
    if (!copy) return null;
    if (!copy.complete || await revisionNow(rawUrl, copy.etag) === 'changed') {
      await store.forgetFile(copyUrl).catch(() => {});
      await store.forgetFile(rawUrl).catch(() => {});  // the same old revision
      return null;
    }
    timing.copyFeedStart = performance.now();
    begin();
    const feed = feeder(M);
    const show = row('model weights (model.safetensors)');
    let replay = { whole: false };
    try {
      replay = await replayConverted(store, copyUrl, copy, feed, (d) => { show(d); showShape(M); });
    } finally {
      feed.free();
    }
    timing.copyReadMs = replay.readMs;
    timing.copyFeedMs = replay.feedMs;
    if (!replay.whole) {  // the browser evicted part of it: the original file instead
      await store.forgetFile(copyUrl).catch(() => {});
      return null;
    }
    timing.converted = 'loaded';
    return { url: copyUrl, received: copy.size, fromCache: copy.size, fromNetwork: 0, etag: copy.etag };
  }

  // ?dtype= chooses; otherwise a device that says it has little memory (navigator.deviceMemory, in GB, where
  // the browser offers it) keeps a Hub model as int8, about half of F16's memory, and the page says so.
  function storageFor(model) {
    const asked = /^(f32|f16|int8)$/.test(params.get('dtype') || '') ? params.get('dtype') : '';
    const shortOfMemory = !asked && model.hub && typeof navigator.deviceMemory === 'number' && navigator.deviceMemory <= 4;
    return { storage: asked || (shortOfMemory ? 'int8' : ''), shortOfMemory };
  }

  // slot 0: the page's model, with the loading screen's rows, Cancel and Resume. slot 1: the second model beside
  // it (the side-by-side view), its progress drawn by the app.
  async function loadModel(M, model, slot = 0) {
    const main = slot === 0;
    const row = main ? progressRow : (label) => (d) => {
      if (label.startsWith('model weights')) M.ccall('app_partner_progress', null, ['number'], [d.size ? d.received / d.size : -1]);
    };
    const abort = new AbortController();
    if (main) cancel = abort;
    const signal = abort.signal;
    if (main) $('cancel').hidden = false;
    const { storage, shortOfMemory } = storageFor(model);
    if (shortOfMemory && main) timing.memoryNote = `This device reports ${navigator.deviceMemory} GB of memory, so the model is kept as int8; ` +
      'add &dtype=f16 to the address for F16.';
    if (main) timing.filesStart = performance.now();
    const config = await fetchModelFile(model.base + 'config.json', 'model config.json', model, signal, row);
    if (main) timing.config = performance.now();
    const configText = new TextDecoder().decode(config.bytes);
    try { JSON.parse(configText); } catch (e) { throw new DownloadError(`config.json at ${model.base} is not valid JSON (${e.message})`, false); }
    // GPT-2: the repo's own tokenizer when it has one, else GPT-2's (bundled with the page). Other families:
    // the repo's tokenizer.json (its pre-tokenizer, special tokens, vocabulary and merges) and, when there,
    // tokenizer_config.json (whether to add a BOS token).
    const family = M.ccall('app_config_family', 'string', ['string'], [configText]);
    // Fetched while the weights stream in (from a cache, the files are small but each read takes a while).
    const tokenizerFiles = (async () => {
      const none = new Uint8Array(0);
      let tokenizer = null, extra = [none, none, none];
      const optional = (file, label) => fetchModelFile(model.base + file, label, model, signal, row).then((f) => f.bytes)
        .catch((e) => { if (e instanceof DownloadError && e.status === 404) return none; throw e; });
      if (family === 'bert') {  // WordPiece: vocab.txt, and whether to lower-case
        extra = [none, await optional('tokenizer_config.json', 'tokenizer_config.json'),
                 (await fetchModelFile(model.base + 'vocab.txt', 'tokenizer vocab.txt', model, signal, row)).bytes];
        tokenizer = [none, none];
      } else if (family && family !== 'gpt2') {
        extra = [(await fetchModelFile(model.base + 'tokenizer.json', 'tokenizer.json', model, signal, row)).bytes,
                 await optional('tokenizer_config.json', 'tokenizer_config.json'), none];
        tokenizer = [none, none];
      } else if (model.tokenizer) {
        try {
          const vocab = await fetchModelFile(model.base + model.tokenizer.vocab, 'tokenizer vocab.json', model, signal, row);
          const merges = await fetchModelFile(model.base + model.tokenizer.merges, 'tokenizer merges.txt', model, signal, row);
          tokenizer = [vocab.bytes, merges.bytes];
        } catch (e) {
          if (!(e instanceof DownloadError) || e.status !== 404) throw e;
        }
      }
      if (!tokenizer) tokenizer = await Promise.all([download('tokenizer/encoder.json', T('web.file_vocab', 'tokenizer vocabulary (encoder.json)')),
                                                   download('tokenizer/vocab.bpe', T('web.file_merges', 'tokenizer merges (vocab.bpe)'))]);
      if (main) timing.tokenizer = performance.now();
      return [tokenizer, extra];
    })();
    // A tokenizer file that fails stops the weights at once: its reason is the one shown.
    let tokenizerError = null;
    tokenizerFiles.catch((e) => { tokenizerError = e; abort.abort(); });
    const begin = () => {
      M.ccall('app_stream_slot', null, ['number'], [slot]);
      const error = M.ccall('app_stream_begin', 'string', ['string', 'number', 'string'], [configText, 0, storage]);
      if (error) throw new DownloadError(error, false);
    };
    const rawUrl = model.base + 'model.safetensors';
    const copyUrl = main && store && model.cached ? convertedUrl(model, storage, M.ccall('app_weights_format_version', 'number', [], [])) : null;
    let modelFile = null, copied = false;
    try {
      modelFile = copyUrl && !weights ? await fromCopy(M, copyUrl, rawUrl, begin, row) : null;
      copied = modelFile !== null;
      if (!copied) {
        modelFile = main ? weights : null;
        let released = main && weights ? weights.releaseFeeder : null;
        if (!modelFile || modelFile.url !== rawUrl) {
          begin();
          const feed = feeder(M);
          const show = row('model weights (model.safetensors)');
          released = feed.free;
          modelFile = new Download({ url: rawUrl, label: 'model.safetensors', hub: model.hub && model.name, early: takeEarly(rawUrl),
                                    cache: model.cached ? store : null, onBytes: feed, onRestart: begin,
                                    onProgress: (d) => { show(d); if (main) showShape(M); } });
          modelFile.releaseFeeder = released;
          if (main) weights = modelFile;
        }
        await modelFile.run(signal);
        if (released) released();  // the whole file is in the engine
      }
    } catch (e) {
      throw tokenizerError || e;
    }
    if (main) {
      timing.downloaded = performance.now();
      timing.modelBytes = modelFile.received;
      timing.model = { name: model.name, fromCache: modelFile.fromCache, fromNetwork: modelFile.fromNetwork, bytes: modelFile.received };
      $('cancel').hidden = true;
    }
    const [tokenizer, extra] = await tokenizerFiles;
    const files = [...tokenizer, ...extra];
    M.ccall('app_stream_slot', null, ['number'], [slot]);
    const error = withBytes(M, files, (p) => M.ccall('app_stream_finish', 'string', ['string', ...Array(10).fill('number')],
                                                    [model.name, ...files.flatMap((f, i) => [p[i], f.length])]));
    if (main) weights = null;
    if (error) throw new DownloadError(error, false);
    if (main && timing.memoryNote) M.ccall('app_add_note', null, ['string'], [timing.memoryNote]);
    if (!store || !model.cached) return;
    const urls = modelUrls(model, family === 'gpt2' ? model.tokenizer : null, family);
    const remember = (weightsUrl) => store.rememberModel(model.name, urls.map((u) => (u === rawUrl ? weightsUrl : u)), modelFile.received).catch(() => {});
    remember(copied ? copyUrl : rawUrl);  // not awaited: the link's state is applied in this task
    if (copied || !copyUrl) return;
    // Made between frames once the page is up; the original file's parts go once the copy is whole.
    timing.converted = 'saving';
    setTimeout(async () => {
      const saved = await saveConverted(M, store, copyUrl, modelFile.etag);
      if (saved) {
        await remember(copyUrl);
        await store.forgetFile(rawUrl).catch(() => {});
      }
      timing.converted = saved ? 'saved' : 'not saved';
    }, 0);
  }

  // The side-by-side view's second model (?with=NAME keeps it in the link). Failures are the app's one line.
  let partnerLoading = false;
  async function loadPartner(M, name) {
    if (partnerLoading) {
      M.ccall('app_partner_failed', null, ['string'], ['Another model is still loading beside this one: try again when it is in.']);
      return;
    }
    partnerLoading = true;
    try {
      const asked = new URLSearchParams(params);
      asked.set('model', name);
      const model = resolveModel(asked);
      model.cached = model.hub || /^https?:/.test(model.name);
      await loadModel(M, model, 1);
      const url = new URL(location.href);
      url.searchParams.set('with', model.name);
      history.replaceState(null, '', url.href);
      sendModelList(M, resolveModel(params));  // it may now be cached
    } catch (e) {
      M.ccall('app_stream_cancel', null, [], []);
      M.ccall('app_partner_failed', null, ['string'], [`${name.slice(0, 80)} could not be loaded: ${e.message || String(e)}`]);
    } finally {
      partnerLoading = false;
    }
  }

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
      if (store === undefined) store = await ModelCache.open();
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
      window.attnForgetModel = async (name) => { if (store) await store.forgetModel(name); await sendModelList(M, model); };
      // The picker's list (a Cache Storage lookup per Hub model) beside the model's download, not before it.
      const listed = sendModelList(M, model);
      await loadModel(M, model);
      // The reader's state from the link, in the same task as the model (no frame in between): query
      // parameters, then the #fragment (which wins).
      M.ccall('app_apply_url', null, ['string'], [location.search.slice(1) + '&' + location.hash.slice(1)]);
      timing.ready = performance.now();
      $('loader').hidden = true;  // the picker's list does not hold the page back
      listed.then(() => sendModelList(M, model)).catch(() => {});  // the model just loaded may now be cached
      if (!params.has('embed')) $('canvas').focus();
      startSummary(M);
      if (!support.webgl2) showWithoutDrawing(M);
      window.attnLoadPartner = (name) => loadPartner(M, name);
      if (params.get('with')) M.ccall('app_request_partner', null, ['string'], [params.get('with').slice(0, 200)]);
    } catch (e) {
      early.clear();  // what was asked for before the first try is stale for a Retry
      $('cancel').hidden = true;
      const resumable = e instanceof DownloadError && e.resumable && weights !== null;
      if (!resumable && weights) {
        if (window.Module && Module.ccall) Module.ccall('app_stream_cancel', null, [], []);
        // A file the engine refused is not kept for next time.
        if (store && e instanceof DownloadError && !e.status) await store.forgetFile(weights.url).catch(() => {});
        weights = null;
      }
      showError(e.message || String(e), resumable);
    }
  }

  // The page's own files, kept for an offline visit (web/sw.js); where it cannot register, the page still works.
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => {});
  $('retry').addEventListener('click', start);
  $('cancel').addEventListener('click', () => cancel && cancel.abort());
  start();
})();
