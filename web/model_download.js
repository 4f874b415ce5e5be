// One file streamed to a consumer as it arrives, never held whole: the parts already in Cache Storage are
// replayed first, then the network continues from the first byte the consumer has not had (a Range request
// with If-Range, so a file changed on the server starts over). Each arriving piece also goes into the cache,
// part by part. A failed or cancelled run keeps its place: calling run() again resumes it.
import { PART } from './model_cache.js';

const STALL_MS = window.__attnStallMs || 20000;  // no data for this long: the download has stalled (tests shorten it)

export function mb(n) { return (n / 1048576).toFixed(n < 10485760 ? 2 : 1) + ' MB'; }

// A failure a reader can do something about; `resumable`: Retry continues where it stopped.
export class DownloadError extends Error {
  constructor(message, resumable, status = 0) { super(message); this.resumable = resumable; this.status = status; }
}

// Why a fetch threw: offline, a server that cannot be reached, or one that answers but refuses this page (CORS).
async function unreachable(url, label) {
  if (navigator.onLine === false) return `${label}: this browser is offline`;
  try {
    await fetch(url, { method: 'HEAD', mode: 'no-cors', cache: 'no-store' });  // opaque, but it proves the server answers
    return `${label}: the server answered but does not let other sites read this file (CORS), so the page cannot load it`;
  } catch (e) {
    return `${label}: could not reach the server (no network, or it is down)`;
  }
}

// hub: the repository's name ("hf:OWNER/REPO") when the file is on the Hub.
function httpError(status, label, url, hub) {
  const what = hub ? `${hub}: ${label}` : label;
  const where = hub ? 'on the Hugging Face Hub' : `at ${url}`;
  if (status === 404) return `${what}: not found ${where} (HTTP 404): check the repository's name, or it has no such file`;
  if (status === 401) return `${what}: this repository is private or needs a login (HTTP 401); the explainer loads public repositories only`;
  if (status === 403) return `${what}: access refused (HTTP 403): the repository is gated or private; accept its terms on the Hub or pick another`;
  return `${what}: the server answered HTTP ${status} for ${url}`;
}

export class Download {
  // hub: the repository's name when the file is on the Hub (for messages).
  // onBytes(Uint8Array): the consumer (throws to stop for good); onRestart(): the file must be fed again
  // from byte 0 (the server changed it or cannot resume); onProgress(this) after each piece.
  // early: a promise of the response to a plain request for the whole file, made before the engine was up.
  // httpCache: the fetch's cache mode ('no-store' for models, which Cache Storage keeps; page files use the HTTP cache).
  constructor({ url, label, hub, cache = null, onBytes, onRestart, onProgress, early = null, httpCache = 'no-store' }) {
    Object.assign(this, { url, label, hub, cache, onBytes, onRestart, onProgress, early, httpCache });
    this.received = 0;      // bytes the consumer has had
    this.size = 0;          // the file's length, once known
    this.etag = null;
    this.resolvedUrl = null;  // where the last response came from after redirects
    this.part = { index: 0, bytes: 0, data: null };  // the part being filled (the parts before it are stored)
    this.fromCache = 0;     // bytes replayed from the cache in this run
    this.fromNetwork = 0;
    this.done = false;
    this.speed = 0;         // bytes per second, smoothed
    this.writes = Promise.resolve();
    this.pending = 0;       // parts handed to the cache and not yet written
    this.cacheFailed = false;
  }

  async run(signal) {
    if (this.done) return;
    if (this.received === 0) await this.replayCache(signal);
    if (!this.done) await this.fetchRest(signal);
  }

  async replayCache(signal) {
    const m = this.cache ? await this.cache.manifest(this.url).catch(() => null) : null;
    if (!m) return;
    for (let i = 0; i < m.parts; ++i) {
      if (signal.aborted) throw new DownloadError(`${this.label}: cancelled`, true);
      const bytes = await this.cache.part(this.url, i).catch(() => null);
      if (!bytes || (bytes.length !== PART && !(m.complete && i === m.parts - 1))) break;
      await this.consume(bytes, false);
      this.part.index = i + 1;
    }
    Object.assign(this, { etag: m.etag, size: m.size });
    if (m.complete && this.received === m.size) {
      this.done = true;
      this.onProgress(this);
    }
    // A last part shorter than PART was only kept for a complete file: resume from a part boundary.
    if (!this.done && this.received !== this.part.index * PART) await this.restart();
  }

  async fetchRest(signal) {
    const headers = {};
    if (this.received > 0) {
      headers.Range = `bytes=${this.received}-`;
      if (this.etag) headers['If-Range'] = this.etag;
    }
    const abort = new AbortController();
    const cancel = () => abort.abort('cancel');
    signal.addEventListener('abort', cancel);
    let stall = null;
    const poke = () => { clearTimeout(stall); stall = setTimeout(() => abort.abort('stall'), STALL_MS); };
    poke();
    try {
      // A resume goes straight to where the Hub redirected the first request: WebKit drops the Range header when
      // it follows a cross-origin redirect, which would start the file over. Should that address have expired,
      // the Hub's own address is asked again.
      const direct = this.received > 0 && this.resolvedUrl ? this.resolvedUrl : null;
      let response;
      const early = this.received === 0 ? this.early : null;
      this.early = null;
      try {
        response = (early && await early) || await fetch(direct || this.url, { headers, signal: abort.signal, cache: this.httpCache });
      } catch (e) {
        if (abort.signal.aborted) throw this.stopped(abort.signal.reason);
        if (direct) return this.retryAtHub(signal);
        throw new DownloadError(await unreachable(this.url, this.label), true);
      }
      if (direct && !response.ok) {
        response.body?.cancel().catch(() => {});
        return this.retryAtHub(signal);
      }
      if (response.redirected && response.url) this.resolvedUrl = response.url;
      if (response.status === 200 && this.received > 0) await this.restart();  // no resume: from the start
      else if (!response.ok) throw new DownloadError(httpError(response.status, this.label, this.url, this.hub), false, response.status);
      if (response.status === 206 && !this.rangeMatches(response)) {
        await this.restart();
        throw new DownloadError(`${this.label}: the server sent the wrong part of the file; Retry starts it again`, true);
      }
      if ((response.headers.get('content-type') || '').includes('text/html'))
        throw new DownloadError(`${this.label}: the server sent a web page instead of the file (${this.url})`, false);
      const length = Number(response.headers.get('content-length')) || 0;
      const encoded = response.headers.get('content-encoding');
      if (length && !encoded) this.size = this.received + length;
      this.etag = response.headers.get('etag') || this.etag;
      this.saveManifest(false);
      // A byte reader fills one reusable 1 MB buffer: no garbage per piece, so the tab's memory stays flat.
      let reader, buffer = null;
      try { reader = response.body.getReader({ mode: 'byob' }); buffer = new ArrayBuffer(1 << 20); } catch (e) { reader = response.body.getReader(); }
      if (early) abort.signal.addEventListener('abort', () => reader.cancel().catch(() => {}));  // it has no signal of its own
      let last = performance.now();
      for (;;) {
        let step;
        try {
          step = await reader.read(buffer ? new Uint8Array(buffer) : undefined);
          if (buffer && step.value) buffer = step.value.buffer;  // the same memory, handed back
        } catch (e) {
          if (abort.signal.aborted && abort.signal.reason === 'cancel') throw this.stopped('cancel');
          throw new DownloadError(abort.signal.aborted ? `${this.label}: the download stalled at ${mb(this.received)} (no data for ${STALL_MS / 1000} s)`
                                                       : `${this.label}: the download broke off at ${mb(this.received)}`, true);
        }
        if (step.done && abort.signal.aborted) throw this.stopped(abort.signal.reason);
        if (step.done) break;
        poke();
        const now = performance.now();
        const dt = Math.max(1, now - last) / 1000;
        last = now;
        this.speed = this.speed ? 0.9 * this.speed + 0.1 * (step.value.length / dt) : step.value.length / dt;
        this.fromNetwork += step.value.length;
        await this.consume(step.value, true);
        if (this.pending > 2) await this.writes;  // the network waits for the disk: parts do not pile up in memory
      }
      if (this.size && !encoded && this.received < this.size)
        throw new DownloadError(`${this.label}: the download was cut off at ${mb(this.received)} of ${mb(this.size)}`, true);
      this.size = this.received;
      this.done = true;
      this.onProgress(this);
      this.flushPart(true);
      await this.writes;
    } finally {
      clearTimeout(stall);
      signal.removeEventListener('abort', cancel);
    }
  }

  stopped(reason) {
    return reason === 'cancel' ? new DownloadError(`${this.label}: cancelled at ${mb(this.received)}`, true)
                               : new DownloadError(`${this.label}: the server stopped answering (no data for ${STALL_MS / 1000} s)`, true);
  }

  retryAtHub(signal) {
    this.resolvedUrl = null;
    return this.fetchRest(signal);
  }

  rangeMatches(response) {
    const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range') || '');
    return m && Number(m[1]) === this.received;
  }

  // The file must be fed again from its first byte: tell the consumer, drop what the cache holds.
  async restart() {
    await this.onRestart();
    Object.assign(this, { received: 0, size: 0, etag: null, fromCache: 0, part: { index: 0, bytes: 0, data: this.part.data } });
    if (this.cache) await this.cache.forgetFile(this.url).catch(() => {});
  }

  async consume(bytes, store) {
    await this.onBytes(bytes);
    this.received += bytes.length;
    if (!store) this.fromCache += bytes.length;
    else this.keep(bytes);
    this.onProgress(this);
  }

  // Copies into the current part (the pieces' buffers are reused); each full part, exactly PART bytes so that
  // parts line up with Range offsets, is stored.
  keep(bytes) {
    if (!this.cache || this.cacheFailed) return;
    while (bytes.length) {
      if (!this.part.data) this.part.data = new Uint8Array(PART);
      const take = Math.min(bytes.length, PART - this.part.bytes);
      this.part.data.set(bytes.subarray(0, take), this.part.bytes);
      this.part.bytes += take;
      bytes = bytes.subarray(take);
      if (this.part.bytes === PART) this.flushPart(false);
    }
  }

  flushPart(last) {
    if (!this.cache || this.cacheFailed) return;
    const { index, bytes, data } = this.part;
    const blob = bytes ? new Blob([data.subarray(0, bytes)]) : null;  // a copy: the part's buffer is reused
    if (bytes) this.part = { index: index + 1, bytes: 0, data };
    const parts = bytes ? index + 1 : index;
    this.pending++;
    this.writes = this.writes
      .then(() => blob && this.cache.putPart(this.url, index, blob))
      .finally(() => { this.pending--; })
      .then(() => this.cache.setManifest(this.url, { etag: this.etag, size: this.size, parts, complete: last }))
      .catch(() => { this.cacheFailed = true; });  // no room: the model still loads, it is just not kept
    if (last) this.part.data = null;
  }

  saveManifest(complete) {
    if (!this.cache || this.cacheFailed) return;
    const parts = this.part.index;
    this.writes = this.writes.then(() => this.cache.setManifest(this.url, { etag: this.etag, size: this.size, parts, complete }))
      .catch(() => { this.cacheFailed = true; });
  }
}
