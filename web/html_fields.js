// Typing goes into real HTML fields laid over the boxes the app draws (the reader's text, the 3D view's words,
// the seeds), so that a phone opens its keyboard (digits for a seed) and IME composition (accents, CJK), emoji
// pickers and paste work as in any page. Each frame the app lists the fields it shows, with their place and
// value (html_fields_json, via web/attn_library.js); a field it does not list is hidden. Edits go back through
// app_set_field, at most once per frame and not in the middle of an IME composition. Enter finishes (back to
// the canvas; Shift+Enter is a new line in the text), Escape puts back the value from before.
const ATTRIBUTES = { spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', enterkeyhint: 'done' };
const keyHandlers = new WeakMap();  // field element -> its keydown handler
let firstField = () => null;         // the first field on screen (Tab from the canvas goes there)

// Emscripten's GLFW hears every key on the window in the capture phase, before any field does: it would run
// the app's shortcuts (1-9 choose a next token) on keys typed into a field, and it cancels Backspace and Tab.
// This listener is registered first (when this module loads, before the app starts) and keeps keys aimed at a
// field away from it; the field's own handling runs here. Tab on the canvas, which the app has no use for,
// moves to the first field, so keyboard readers reach them.
for (const type of ['keydown', 'keypress', 'keyup']) {
  window.addEventListener(type, (e) => {
    const handler = keyHandlers.get(e.target);
    if (handler) {
      e.stopImmediatePropagation();
      if (type === 'keydown') handler(e);
    } else if (type === 'keydown' && e.key === 'Tab' && !e.shiftKey && e.target.tagName === 'CANVAS' && firstField()) {
      e.stopImmediatePropagation();
      e.preventDefault();
      firstField().focus();
    }
  }, true);
}

export function startHtmlFields(M, canvas, textArea) {
  const fields = new Map();  // id -> {el, before, composing, queued}

  function make(id, kind) {
    let el;
    if (id === 'text' && textArea) {
      el = textArea;  // the page's own <textarea>, there before the app starts
    } else {
      el = document.createElement(kind === 'lines' ? 'textarea' : 'input');
      el.id = `${id}-field`;
      if (kind === 'number') el.inputMode = 'numeric';
      document.body.appendChild(el);
    }
    el.classList.add('html-field');
    for (const [k, v] of Object.entries(ATTRIBUTES)) el.setAttribute(k, v);
    const f = { el, before: '', composing: false, queued: false, shown: '', sent: null };  // shown: the app's value
    // The app refuses what it cannot use (a seed with a letter in it): the field says why until it is fixed.
    const send = () => {
      f.queued = false;
      f.sent = el.value;
      const why = M.ccall('app_set_field', 'string', ['string', 'string'], [id, el.value]);
      el.classList.toggle('invalid', why !== '');
      el.setAttribute('aria-invalid', why !== '' ? 'true' : 'false');
      el.title = why;
      return why;
    };
    const queue = () => { if (!f.composing && !f.queued) { f.queued = true; requestAnimationFrame(send); } };
    const finish = () => {
      if (send() !== '') { el.value = f.shown; send(); }  // leaving a refused edit: back to the app's value
      canvas.focus();
    };
    keyHandlers.set(el, (e) => {
      if (e.isComposing) return;
      if (e.key === 'Enter' && !(kind === 'lines' && e.shiftKey)) {
        e.preventDefault();
        finish();
      } else if (e.key === 'Escape') {
        el.value = f.before;
        finish();
      }
    });
    el.addEventListener('input', queue);
    el.addEventListener('compositionstart', () => { f.composing = true; });
    el.addEventListener('compositionend', () => { f.composing = false; queue(); });
    el.addEventListener('focus', () => { f.before = el.value; });
    fields.set(id, f);
    return f;
  }

  firstField = () => [...fields.values()].map((f) => f.el).filter((el) => !el.hidden)
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0] || null;
  window.attnHtmlFields = {
    place({ dark, fields: shown }) {
      const listed = new Set();
      for (const s of shown) {
        listed.add(s.id);
        const f = fields.get(s.id) || make(s.id, s.kind);
        const { el } = f;
        el.hidden = false;
        el.classList.toggle('light', !dark);  // the app's theme, which the reader can switch
        el.setAttribute('aria-label', s.label);
        Object.assign(el.style, { left: `${s.x}px`, top: `${s.y}px`, width: `${s.w}px`, height: `${s.h}px` });
        // The app changed the value itself (a chosen token, Undo, a preset, a clamped seed): show it. While the
        // reader types, the app's value lags behind the field's (it only echoes what was sent): keep the field's.
        const changedByApp = s.value !== f.shown && s.value !== f.sent;
        f.shown = s.value;
        const typing = document.activeElement === el && (f.queued || f.composing || !changedByApp);
        if (el.value !== s.value && !typing) el.value = s.value;
      }
      for (const [id, f] of fields) {
        if (!listed.has(id)) {
          if (document.activeElement === f.el) canvas.focus();  // a hidden field must not keep the keyboard
          f.el.hidden = true;
        }
      }
    },
  };
}
