// The model: its files streamed into the engine as they download (web/model_download.js: progress, speed,
// Cancel, resume, Cache Storage), or the engine's own copy from an earlier visit (web/converted_cache.js);
// the picker's list; the side-by-side view's second model. The page's start-up (web/loader.js) hands in what
// it shares: its progress rows, its page-file downloader, its words (T) and timings.
import { resolveModel, HUB_MODELS } from './model_source.js';
import { ModelCache } from './model_cache.js';
import { Download, DownloadError, mb } from './model_download.js';
import { convertedUrl, replayConverted, revisionNow, saveConverted } from './converted_cache.js';
import { fetchWhole } from './whole_file.js';

export function modelLoading({ $, T, params, timing, fileRow, download, takeEarly, withBytes }) {
  let store;              // Cache Storage for downloaded models (null where the browser has none; undefined: not opened)
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
      M.ccall('app_partner_failed', null, ['string'], [`${name} could not be loaded: ${e.message || String(e)}`]);
    } finally {
      partnerLoading = false;
    }
  }

  return {
    openStore: async () => { if (store === undefined) store = await ModelCache.open(); },
    sendModelList, loadModel, loadPartner,
    forgetModel: async (M, name, current) => { if (store) await store.forgetModel(name); await sendModelList(M, current); },
    cancel: () => cancel && cancel.abort(),
    // After a failure: whether Retry can resume the weights' download; if not, the stream and its parts go.
    async afterFailure(M, e) {
      $('cancel').hidden = true;
      const resumable = e instanceof DownloadError && e.resumable && weights !== null;
      if (!resumable && weights) {
        if (M && M.ccall) M.ccall('app_stream_cancel', null, [], []);
        // A file the engine refused is not kept for next time.
        if (store && e instanceof DownloadError && !e.status) await store.forgetFile(weights.url).catch(() => {});
        weights = null;
      }
      return resumable;
    },
  };
}
