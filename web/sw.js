// The page's own files for an offline visit. Each same-origin GET is answered from the network when it can be
// (so a new build is picked up at once) and a copy is kept; with no network the kept copy answers. Model files
// from other origins (the Hub) are left alone: web/model_cache.js keeps those, in parts, with resume.
const CACHE = 'attn-page-v1';
const KEEP_AT_MOST = 50 * 1024 * 1024;  // a large model served with the page is not copied again here

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || request.headers.has('range')) return;
  event.respondWith(fetch(request).then((response) => {
    const size = Number(response.headers.get('content-length')) || 0;
    if (response.status === 200 && size <= KEEP_AT_MOST) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {}));
    }
    return response;
  }).catch(async (error) => (await caches.match(request)) || (await caches.match(request, { ignoreSearch: true })) || Promise.reject(error)));
});
