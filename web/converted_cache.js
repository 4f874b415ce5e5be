// The engine's own copy of a downloaded model (F16 or int8, as it holds the weights), kept by the browser so
// that a later visit loads it straight into memory: a third to a half of the original file's bytes, and no
// reconversion. Its key names the model, the storage asked for and the engine's storage-format version, and
// its manifest keeps the ETag of the file it was made from: a copy from another revision of the model or an
// older engine is never read. The bytes are a file (web/copy_files.js), the manifest sits in Cache Storage
// beside the model's other files (so the picker's "cached" and Delete see it). Once the copy is complete the
// original file's parts are dropped (they were only kept to resume a broken download).
import { PART } from './model_cache.js';
import { createCopyFile, openCopyFile, removeCopyFile } from './copy_files.js';

export function convertedUrl(model, storage, version) {
  return `${location.origin}/__attn-converted/${encodeURIComponent(model.name)}/${storage || 'auto'}/v${version}`;
}

// Does the server still hold the revision the copy was made from? 'same', 'changed', or 'unknown' when it
// cannot be asked (offline, the Hub down or slow): then the copy is used, as the original file's cache would be.
export async function revisionNow(fileUrl, etag, timeoutMs = 3000) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const r = await fetch(fileUrl, { method: 'HEAD', cache: 'no-store', signal: abort.signal });
    const now = r.ok ? r.headers.get('etag') : null;
    return !now || !etag ? 'unknown' : now === etag ? 'same' : 'changed';
  } catch (e) {
    return 'unknown';
  } finally {
    clearTimeout(timer);
  }
}

// Feeds a complete copy into the engine. -> { whole, readMs, feedMs }: whole is false when a part has gone
// missing (the browser evicted it; the caller then loads the original file); the times split the wait between
// Cache Storage and the engine.
export async function replayConverted(store, url, manifest, feed, onProgress) {
  let received = 0, readMs = 0, feedMs = 0;
  const file = await openCopyFile(url);
  if (!file || file.size !== manifest.size) return { whole: false, readMs, feedMs };
  // The next slice is read while this one is fed: the file is read in the browser's own process.
  const parts = Math.ceil(file.size / PART), reads = [];
  const ask = (i) => { if (i < parts) reads[i] = file.slice(i * PART, Math.min(file.size, (i + 1) * PART)).arrayBuffer().catch(() => null); };
  ask(0);
  for (let i = 0; i < parts; ++i) {
    const t0 = performance.now();
    const buffer = await reads[i];
    reads[i] = null;
    ask(i + 1);
    const t1 = performance.now();
    readMs += t1 - t0;
    if (!buffer) return { whole: false, readMs, feedMs };
    feed(new Uint8Array(buffer));
    feedMs += performance.now() - t1;
    received += buffer.byteLength;
    onProgress({ received, size: manifest.size, fromCache: received, fromNetwork: 0, speed: 0, done: received === manifest.size });
  }
  return { whole: received === manifest.size, readMs, feedMs };
}

// Copies of the same model made by other engine versions (or for another storage) are dead weight once a new
// one is whole: an engine never reads another version's copy.
async function forgetOtherCopies(store, keep) {
  const model = keep.slice(0, keep.lastIndexOf('/', keep.lastIndexOf('/') - 1) + 1);  // .../__attn-converted/NAME/
  const sameModel = encodeURIComponent(model), kept = encodeURIComponent(keep) + '/';
  for (const request of await store.cache.keys()) {
    if (!request.url.includes(sameModel) || request.url.includes(kept)) continue;
    await store.cache.delete(request);
    const m = /\/file\/([^/]+)\/manifest$/.exec(request.url);
    if (m) await removeCopyFile(decodeURIComponent(m[1]));
  }
}

// Writes the page's loaded model (app_weights_export_*) as the copy for `url`, between frames. Resolves true
// when complete; false if the page's model changed meanwhile, the browser cannot keep copies, or refused it.
export async function saveConverted(M, store, url, etag) {
  const size = M.ccall('app_weights_export_begin', 'number', [], []);
  if (!size) return false;
  const out = await createCopyFile(url);
  if (!out) return false;
  try {
    for (;;) {
      const n = M.ccall('app_weights_export_next', 'number', [], []);
      if (n < 0) throw new Error('the page changed its model');
      if (n === 0) break;
      const at = M.ccall('app_weights_export_piece', 'number', [], []);
      await out.write(M.HEAPU8.slice(at, at + n));  // a copy: the piece lives in wasm memory only until the next call
    }
    await out.close();
    await store.setManifest(url, { etag, size, parts: 0, complete: true });
    await forgetOtherCopies(store, url);
    return true;
  } catch (e) {
    await out.abort().catch(() => {});
    await removeCopyFile(url);
    await store.forgetFile(url).catch(() => {});
    return false;
  }
}
