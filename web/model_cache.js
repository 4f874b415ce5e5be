// Downloaded model files kept in the browser's Cache Storage, so that a reload or a second visit starts without
// the network. A file is stored in parts of PART bytes plus a manifest (its URL, ETag and size), so that a
// download that broke off resumes after the last stored part, even after a reload. A model is "cached" when
// its record lists files whose manifests are all complete.

import { removeCopyFile } from './copy_files.js';

const CACHE_NAME = 'attn-models-v1';
export const PART = 16 * 1024 * 1024;

// Cache keys are URLs on this page's origin that are never fetched.
const key = (what) => `${location.origin}/__attn-cache/${what}`;
const fileKey = (url, what) => key(`file/${encodeURIComponent(url)}/${what}`);
const modelKey = (name) => key(`model/${encodeURIComponent(name)}`);

async function readJson(cache, k) {
  const r = await cache.match(k);
  return r ? r.json() : null;
}
const json = (value) => new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } });

export class ModelCache {
  constructor(cache) { this.cache = cache; }

  // null where the browser has no Cache Storage (an insecure http page, some private windows).
  static async open() {
    try { return self.caches ? new ModelCache(await caches.open(CACHE_NAME)) : null; } catch (e) { return null; }
  }

  // { url, etag, size, parts, complete } or null.
  manifest(url) { return readJson(this.cache, fileKey(url, 'manifest')); }
  setManifest(url, m) { return this.cache.put(fileKey(url, 'manifest'), json({ ...m, url })); }
  async part(url, i) {
    const r = await this.cache.match(fileKey(url, `part-${i}`));
    return r ? new Uint8Array(await r.arrayBuffer()) : null;
  }
  putPart(url, i, blob) { return this.cache.put(fileKey(url, `part-${i}`), new Response(blob)); }

  async forgetFile(url) {
    const prefix = fileKey(url, '');
    for (const request of await this.cache.keys()) if (request.url.startsWith(prefix)) await this.cache.delete(request);
    await removeCopyFile(url);  // the engine's copy of a model, if this was one
  }

  // A model's record: which file URLs make it up and how many bytes they take.
  rememberModel(name, urls, bytes) { return this.cache.put(modelKey(name), json({ name, urls, bytes })); }
  async isCached(name) {
    const record = await readJson(this.cache, modelKey(name));
    if (!record) return false;
    for (const url of record.urls) {
      const m = await this.manifest(url);
      if (!m || !m.complete) return false;
    }
    return true;
  }
  async forgetModel(name) {
    const record = await readJson(this.cache, modelKey(name));
    for (const url of record ? record.urls : []) await this.forgetFile(url);
    await this.cache.delete(modelKey(name));
  }
}
