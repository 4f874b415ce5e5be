// A local stand-in for the Hugging Face Hub (huggingface.co) for the browser tests, which have no internet.
// Two origins, as with the real Hub: "hub" answers /OWNER/REPO/resolve/REVISION/FILE with a 302 to "storage",
// which serves the bytes (ETag, Range, If-Range). Faults on demand: private / gated / no-CORS repos,
// downloads cut off mid-body, no Range support. Every request is logged.
//
//   const hub = await startHub({ repos: { 'openai-community/gpt2': '/tmp/synth_gpt2' } });
//   fetch(`${hub.hubUrl}/openai-community/gpt2/resolve/main/config.json`) ... await hub.close();
//
// Self-test: node tests/browser/hub_standin.mjs
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const EXPOSE = 'ETag, Content-Length, Content-Range, Accept-Ranges, X-Linked-Size, X-Linked-Etag, X-Repo-Commit, X-Error-Code';
const corsHeaders = (on) => (on ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSE } : {});
const TYPES = { '.json': 'application/json', '.txt': 'text/plain; charset=utf-8' };
const sha = (algo, text) => crypto.createHash(algo).update(text).digest('hex');

// options: repos { 'owner/name': '/abs/dir' }, behaviour { 'owner/name': 'private' | 'gated' | 'no-cors' },
//   direct: file-name suffixes the hub origin serves itself with 200 (the real Hub does so for small non-LFS
//   files such as config.json); default none, so every file goes through the redirect.
//   etag: 'sha256' (default; the file's sha256 in quotes, like the Hub's LFS ETag, hashed by streaming once per
//   path+size+mtime) or 'stat' (size and mtime, instant for big files).
//   hubPort, storagePort: default 0 (free ports).
export async function startHub({ repos = {}, behaviour = {}, direct = [], etag = 'sha256', hubPort = 0, storagePort = 0 } = {}) {
  const log = [];
  const cuts = [];          // pending { suffix, bytes }, each used by one response
  let rangeSupport = true;
  const blobs = new Map();  // opaque storage id -> { repo, file, abs, cors }
  const etags = new Map();  // 'abs:size:mtime' -> Promise<'"..."'>

  function fileEtag(abs, st) {
    const key = `${abs}:${st.size}:${st.mtimeMs}`;
    if (!etags.has(key)) {
      etags.set(key, etag === 'stat' ? Promise.resolve(`"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`)
        : new Promise((resolve, reject) => {
          const h = crypto.createHash('sha256');
          fs.createReadStream(abs).on('data', (d) => h.update(d)).on('error', reject).on('end', () => resolve(`"${h.digest('hex')}"`));
        }));
    }
    return etags.get(key);
  }

  function begin(origin, req) {
    const entry = { origin, method: req.method, path: req.url, range: req.headers.range ?? null, status: null };
    log.push(entry);
    return entry;
  }

  function reply(req, res, entry, status, headers, body = '') {
    entry.status = status;
    const data = Buffer.from(body);
    res.writeHead(status, { ...headers, 'Content-Length': data.length });
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  const jsonError = (req, res, entry, cors, status, code, error) => reply(req, res, entry, status,
    { ...corsHeaders(cors), 'Content-Type': 'application/json; charset=utf-8', 'X-Error-Code': code }, JSON.stringify({ error }));

  function preflight(req, res, entry, cors) {
    reply(req, res, entry, 204, cors ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': 'Range, If-Range, If-None-Match, Authorization', 'Access-Control-Max-Age': '600' } : {});
  }

  // The repo's file on disk, or a reason it has none. Paths that climb out of the repo's folder count as missing.
  function lookup(repo, file) {
    if (!Object.hasOwn(repos, repo)) return { missing: 'repo' };
    const dir = path.resolve(repos[repo]);
    const abs = path.resolve(dir, file);
    if (!abs.startsWith(dir + path.sep) || !fs.statSync(abs, { throwIfNoEntry: false })?.isFile()) return { missing: 'file' };
    return { repo, file, abs, cors: behaviour[repo] !== 'no-cors' };
  }

  // Sends a file, whole or one byte range, honouring If-Range / If-None-Match and any pending cut.
  async function serveFile(req, res, entry, f) {
    const st = await fs.promises.stat(f.abs);
    const tag = await fileEtag(f.abs, st);
    const headers = { ...corsHeaders(f.cors), ETag: tag, 'Content-Type': TYPES[path.extname(f.abs)] || 'application/octet-stream' };
    if (rangeSupport) headers['Accept-Ranges'] = 'bytes';
    // No Cache-Control and no Last-Modified: the browser's HTTP cache must revalidate, so it cannot stand in for the
    // app's own cache when the tests stop the server.
    if ((req.headers['if-none-match'] || '').split(',').map((s) => s.trim()).includes(tag)) return reply(req, res, entry, 304, headers);
    let start = 0, end = st.size - 1, status = 200;
    const ifRange = req.headers['if-range'];
    const m = rangeSupport && (!ifRange || ifRange === tag) && /^bytes=(\d*)-(\d*)$/.exec((req.headers.range || '').trim());
    if (m && (m[1] || m[2]) && !(m[1] && m[2] && +m[2] < +m[1])) {  // a malformed or multi-part range is ignored: 200
      if (m[1]) { start = +m[1]; if (m[2]) end = Math.min(+m[2], st.size - 1); }
      else start = Math.max(0, st.size - +m[2]);  // bytes=-N: the last N bytes
      if (start >= st.size || start > end) return reply(req, res, entry, 416, { ...headers, 'Content-Range': `bytes */${st.size}` });
      status = 206;
      headers['Content-Range'] = `bytes ${start}-${end}/${st.size}`;
    }
    const length = end - start + 1;
    entry.status = status;
    res.writeHead(status, { ...headers, 'Content-Length': length });
    if (req.method === 'HEAD' || length === 0) return res.end();
    // A cut waits for a body longer than its byte count (a browser's small header read does not use it up).
    const cut = cuts.findIndex((c) => c.bytes < length && `${f.repo}/${f.file}`.endsWith(c.suffix));
    const taken = cut < 0 ? null : cuts.splice(cut, 1)[0];
    const limit = taken ? taken.bytes : length;
    const dropConnection = () => { const s = res.socket; s.end(); s.once('finish', () => s.destroy()); };
    if (limit === 0) { res.flushHeaders(); return dropConnection(); }
    const stream = fs.createReadStream(f.abs, { start, end: start + limit - 1 });
    res.on('close', () => stream.destroy());  // the client went away
    stream.on('error', () => res.destroy());
    // A cut sends `limit` bytes under the full Content-Length, then closes the connection mid-body.
    stream.pipe(res, { end: limit === length });
    if (limit < length) stream.on('end', () => setTimeout(dropConnection, taken.holdMs));
  }

  async function onHub(req, res) {
    const entry = begin('hub', req);
    const m = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(new URL(req.url, 'http://x').pathname);
    const repo = m ? decodeURIComponent(`${m[1]}/${m[2]}`) : null;
    const how = repo && behaviour[repo];
    const cors = how !== 'no-cors';
    if (req.method === 'OPTIONS') return preflight(req, res, entry, cors);
    if (req.method !== 'GET' && req.method !== 'HEAD') return jsonError(req, res, entry, cors, 405, 'MethodNotAllowed', 'Method not allowed');
    if (how === 'private') return jsonError(req, res, entry, cors, 401, 'RepoNotFound', 'Invalid username or password.');
    if (how === 'gated') return jsonError(req, res, entry, cors, 403, 'GatedRepo',
      `Access to model ${repo} is restricted. You must have access to it and be authenticated to access it. Please log in.`);
    const f = m ? lookup(repo, decodeURIComponent(m[4])) : { missing: 'repo' };
    if (f.missing === 'repo') return jsonError(req, res, entry, cors, 404, 'RepoNotFound', 'Repository not found');
    if (f.missing) return jsonError(req, res, entry, cors, 404, 'EntryNotFound', 'Entry not found');
    if (direct.some((s) => f.file.endsWith(s))) return serveFile(req, res, entry, f);
    // Like the Hub's LFS redirect: an opaque storage URL, with the file's size and ETag announced up front.
    const id = sha('sha256', `${repo}\n${f.file}`).slice(0, 40);
    blobs.set(id, f);
    const st = await fs.promises.stat(f.abs);
    const location = `${storageUrl}/blob/${id}`;
    reply(req, res, entry, 302, { ...corsHeaders(cors), Location: location, 'Content-Type': 'text/plain; charset=utf-8',
      'X-Linked-Size': st.size, 'X-Linked-Etag': await fileEtag(f.abs, st), 'X-Repo-Commit': sha('sha1', repo) },
    `Found. Redirecting to ${location}`);
  }

  async function onStorage(req, res) {
    const entry = begin('storage', req);
    const f = blobs.get((/^\/blob\/([0-9a-f]+)$/.exec(new URL(req.url, 'http://x').pathname) || [])[1]);
    const cors = !f || f.cors;
    if (req.method === 'OPTIONS') return preflight(req, res, entry, cors);
    if (!f) return reply(req, res, entry, 404, corsHeaders(true), 'Not Found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(req, res, entry, 405, corsHeaders(cors), 'Method Not Allowed');
    return serveFile(req, res, entry, f);
  }

  // Sockets are tracked so close() can drop keep-alive and half-sent connections at once ("the server is gone").
  const sockets = new Set();
  const listen = async (handler, port) => {
    const server = http.createServer((req, res) => handler(req, res).catch((e) => {
      console.error('hub stand-in:', e);
      if (!res.headersSent) { res.writeHead(500); res.end(); } else res.destroy();
    }));
    server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
    await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    return server;
  };
  const hubServer = await listen(onHub, hubPort);
  const storageServer = await listen(onStorage, storagePort);
  const storageUrl = `http://127.0.0.1:${storageServer.address().port}`;
  const hubUrl = `http://127.0.0.1:${hubServer.address().port}`;

  return {
    hubUrl,
    storageUrl,
    hubPort: hubServer.address().port,
    storagePort: storageServer.address().port,
    log,
    resolveUrl: (repo, file, revision = 'main') => `${hubUrl}/${repo}/resolve/${encodeURIComponent(revision)}/${file}`,
    clearLog() { log.length = 0; },
    // The next storage response (or direct hub response) for a file whose 'owner/name/path' ends with fileSuffix
    // and whose body is longer than `bytes` sends only `bytes` bytes of it, then drops the connection.
    // holdMs: the connection stays open that long after the last byte before it drops, as a real one that dies
    // later would (WebKit discards bytes still in flight when the connection resets at once).
    cutNext(fileSuffix, bytes, holdMs = 0) { cuts.push({ suffix: fileSuffix, bytes, holdMs }); },
    setRangeSupport(on) { rangeSupport = !!on; },
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all([hubServer, storageServer].map((s) => new Promise((resolve) => s.close(() => resolve()))));
    },
  };
}

// ---- self-test ----------------------------------------------------------------------------------------------
async function selfTest() {
  let failures = 0;
  const check = (ok, what) => { console.log(`${ok ? 'ok' : 'FAIL'} ${what}`); if (!ok) failures++; };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-standin-'));
  const data = crypto.randomBytes(300_000);
  fs.writeFileSync(path.join(dir, 'model.safetensors'), data);
  fs.writeFileSync(path.join(dir, 'config.json'), '{"n_layer":1}');
  const hub = await startHub({
    repos: { 'me/model': dir, 'me/nocors': dir },
    behaviour: { 'me/private': 'private', 'me/gated': 'gated', 'me/nocors': 'no-cors' },
  });
  try {
    const url = hub.resolveUrl('me/model', 'model.safetensors');
    const redirect = await fetch(url, { redirect: 'manual' });
    check(redirect.status === 302 && redirect.headers.get('location').startsWith(`${hub.storageUrl}/blob/`), 'resolve answers 302 to storage');
    check(redirect.headers.get('access-control-allow-origin') === '*' && !!redirect.headers.get('access-control-expose-headers'), 'redirect has CORS headers');
    check(redirect.headers.get('x-linked-size') === String(data.length), 'redirect announces X-Linked-Size');

    const whole = await fetch(url);
    const body = Buffer.from(await whole.arrayBuffer());
    const tag = whole.headers.get('etag');
    check(whole.status === 200 && body.equals(data), 'redirect followed, whole file');
    check(tag === `"${sha('sha256', data)}"`, `strong sha256 ETag ${tag.slice(0, 12)}...`);
    check(whole.headers.get('accept-ranges') === 'bytes' && whole.headers.get('content-length') === String(data.length), 'Accept-Ranges, Content-Length');
    check(redirect.headers.get('x-linked-etag') === tag, 'X-Linked-Etag matches the storage ETag');

    const part = await fetch(url, { headers: { Range: 'bytes=1000-1999' } });
    check(part.status === 206 && Buffer.from(await part.arrayBuffer()).equals(data.subarray(1000, 2000)), 'Range START-END: 206, right bytes');
    check(part.headers.get('content-range') === `bytes 1000-1999/${data.length}`, 'Content-Range');
    const tail = await fetch(url, { headers: { Range: 'bytes=299000-', 'If-Range': tag } });
    check(tail.status === 206 && Buffer.from(await tail.arrayBuffer()).equals(data.subarray(299000)), 'Range START- with matching If-Range: 206');
    const stale = await fetch(url, { headers: { Range: 'bytes=299000-', 'If-Range': '"other"' } });
    check(stale.status === 200 && (await stale.arrayBuffer()).byteLength === data.length, 'If-Range mismatch: 200 whole file');
    check((await fetch(url, { headers: { Range: `bytes=${data.length}-` } })).status === 416, 'Range past the end: 416');
    check((await fetch(url, { headers: { 'If-None-Match': tag } })).status === 304, 'If-None-Match: 304');
    const head = await fetch(url, { method: 'HEAD' });
    check(head.status === 200 && head.headers.get('content-length') === String(data.length), 'HEAD');
    const json = await fetch(hub.resolveUrl('me/model', 'config.json', 'some-revision'));
    check(json.headers.get('content-type') === 'application/json' && (await json.json()).n_layer === 1, 'config.json, any revision');

    hub.cutNext('model.safetensors', 5000);
    const cut = await fetch(url);
    check(cut.status === 200 && cut.headers.get('content-length') === String(data.length), 'cut: full headers');
    let threw = false;
    try { await cut.arrayBuffer(); } catch (e) { threw = true; }
    check(threw, 'cut: reading the body throws');
    check(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(data), 'the cut applies once');
    hub.cutNext('model.safetensors', 100);
    const short = await fetch(url, { headers: { Range: 'bytes=0-99' } });
    check(Buffer.from(await short.arrayBuffer()).equals(data.subarray(0, 100)), 'a body no longer than the cut is sent whole');
    let threwLater = false;
    try { await (await fetch(url)).arrayBuffer(); } catch (e) { threwLater = true; }
    check(threwLater, '... and the cut waits for a longer one');

    hub.setRangeSupport(false);
    const noRange = await fetch(url, { headers: { Range: 'bytes=0-9' } });
    check(noRange.status === 200 && (await noRange.arrayBuffer()).byteLength === data.length && !noRange.headers.get('accept-ranges'),
      'no range support: 200 whole file');
    hub.setRangeSupport(true);

    for (const [repo, file, status, text] of [['me/missing', 'config.json', 404, 'Repository not found'], ['me/model', 'nope.bin', 404, 'Entry not found'],
      ['me/private', 'config.json', 401, 'Invalid username'], ['me/gated', 'config.json', 403, 'restricted']]) {
      const r = await fetch(hub.resolveUrl(repo, file));
      const err = (await r.json()).error;
      check(r.status === status && err.includes(text) && r.headers.get('access-control-allow-origin') === '*', `${repo}/${file}: ${status} ${err.slice(0, 30)}`);
    }
    const escape = await fetch(`${hub.hubUrl}/me/model/resolve/main/..%2F..%2Fetc%2Fpasswd`);
    check(escape.status === 404, 'no way out of the repo folder');
    const nc = await fetch(hub.resolveUrl('me/nocors', 'config.json'), { redirect: 'manual' });
    const ncFile = await fetch(nc.headers.get('location'));
    check(nc.status === 302 && !nc.headers.has('access-control-allow-origin') && ncFile.status === 200 &&
      !ncFile.headers.has('access-control-allow-origin'), 'no-cors: redirect and file lack Access-Control-Allow-Origin');
    const pre = await fetch(url, { method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' } });
    check(pre.status === 204 && /If-Range/.test(pre.headers.get('access-control-allow-headers')), 'OPTIONS preflight allows Range, If-Range');

    const seen = hub.log.map((e) => `${e.origin} ${e.method} ${e.status}`);
    check(seen[0] === 'hub GET 302' && seen.includes('storage GET 206') && hub.log.some((e) => e.range === 'bytes=1000-1999'), `log (${hub.log.length} entries)`);
    hub.clearLog();
    check(hub.log.length === 0, 'clearLog');
  } finally {
    await hub.close();
  }
  let offline = false;
  try { await fetch(hub.resolveUrl('me/model', 'config.json')); } catch (e) { offline = true; }
  check(offline, 'after close() nothing answers');
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(failures ? `${failures} check(s) failed` : 'all ok');
  process.exit(failures ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await selfTest();
