// The browser side of the app's platform callbacks (linked with --js-library; see src/app/platform/main_web.cpp).
// Each function is small and synchronous; strings come in as pointers to UTF-8 in the wasm heap.
mergeInto(LibraryManager.library, {
  // Switching models reloads the page with ?model=NAME (the wasm comes from the HTTP cache).
  attn_js_switch_model: function (name) {
    const url = new URL(location.href);
    url.searchParams.set('model', UTF8ToString(name));
    location.assign(url.href);
  },
  // The side-by-side view's second model: web/loader.js fetches it and streams it into slot 1.
  attn_js_load_partner: function (name) {
    const n = UTF8ToString(name);
    if (window.attnLoadPartner) window.attnLoadPartner(n);
    else Module.ccall('app_partner_failed', null, ['string'], ['The page is still starting: try again in a moment.']);
  },
  // The language picker: web/loader.js fetches the catalogue and lesson (and the CJK font for Chinese).
  attn_js_set_language: function (code) {
    if (window.attnSetLanguage) window.attnSetLanguage(UTF8ToString(code));
  },
  // A Chinese character the atlas cannot draw: level 1 the GB 2312 cut, 2 every ideograph.
  attn_js_load_cjk_font: function (level) {
    if (window.attnLoadCjkFont) window.attnLoadCjkFont(level);
  },
  attn_js_partner_closed: function () {
    const url = new URL(location.href);
    url.searchParams.delete('with');
    history.replaceState(null, '', url.href);
  },
  // The picker's Delete: web/loader.js removes the files from Cache Storage and sends the list again.
  attn_js_forget_model: function (name) {
    if (window.attnForgetModel) window.attnForgetModel(UTF8ToString(name));
  },
  // The fields the app shows this frame, their places (CSS px) and values: web/html_fields.js lays its
  // elements over them.
  attn_js_fields: function (json) {
    if (window.attnHtmlFields) window.attnHtmlFields.place(JSON.parse(UTF8ToString(json)));
  },
  attn_js_copy_text: function (text) {
    if (navigator.clipboard) navigator.clipboard.writeText(UTF8ToString(text)).catch(() => {});
  },
  attn_js_copy_link: function () {
    if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(() => {});
  },
  // An embed's "open full explainer": the same state without the embed parameters.
  attn_js_open_full: function () {
    const url = new URL(location.href);
    ['embed', 'controls', 'height'].forEach((k) => url.searchParams.delete(k));
    window.open(url.href, '_blank', 'noopener');
  },
  attn_js_download: function (name, text) {
    const blob = new Blob([UTF8ToString(text)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name);
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  },
  // Called right after a frame is drawn, while the drawing buffer is still intact.
  attn_js_save_png: function () {
    const a = document.createElement('a');
    a.href = document.getElementById('canvas').toDataURL('image/png');
    a.download = 'attention.png';
    a.click();
  },
  // Embedded: tell the host page how tall the content is (CSS px), so web/embed.js can size the iframe.
  attn_js_post_height: function (height) {
    if (window.parent !== window) window.parent.postMessage({ type: 'attn-explainer:height', height }, '*');
  },
  attn_js_replace_fragment: function (fragment) {
    history.replaceState(null, '', '#' + UTF8ToString(fragment));
  },
  // A phone or tablet: the primary pointer is a finger.
  attn_js_touch_screen: function () {
    return !!(window.matchMedia && matchMedia('(pointer: coarse)').matches);
  },
  attn_js_prefers_dark: function () {
    return !(window.matchMedia && matchMedia('(prefers-color-scheme: light)').matches);
  },
  // The page's address without query and fragment (the base of embed codes), malloc'd; the caller frees it.
  attn_js_page_url: function () {
    const u = new URL(location.href);
    u.search = '';
    u.hash = '';
    let s = u.href;
    if (s.endsWith('index.html')) s = s.slice(0, -10);
    const n = lengthBytesUTF8(s) + 1;
    const p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
  },
});
