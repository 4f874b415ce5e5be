// Typing goes into real HTML fields laid over the boxes the app draws (the reader's text, the 3D view's words,
// the seeds), so that a phone opens its keyboard (digits for a seed) and IME composition (accents, CJK), emoji
// pickers and paste work as in any page. Each frame the app lists the fields it shows, with their place, value
// and length cap (html_fields_json, via web/attn_library.js); a field it does not list is hidden. Edits go back
// through app_set_field, at most once per frame and not in the middle of an IME composition. Enter finishes
// (back to the canvas; Shift+Enter is a new line in the text), Escape puts back the value from before; leaving
// a field in any way (Enter, a tap elsewhere, Tab, a phone's Done) settles it: a refused or empty seed goes
// back to the seed in use.
const ATTRIBUTES = { spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', enterkeyhint: 'done' };
const keyHandlers = new WeakMap();  // field element -> its keydown handler
let shownFields = () => [];         // the fields on screen, top to bottom

// Emscripten's GLFW hears every key on the window in the capture phase, before any field does: it would run
// the app's shortcuts (1-9 choose a next token, arrows step the lesson) on keys typed into a field, and it
// cancels Backspace and Tab. This listener is registered first (when this module loads, before the app starts)
// and keeps keys aimed at a field away from it; the field's own handling runs here. Tab and Shift+Tab on the
// canvas, which the app has no use for, move to the first / last field, so keyboard readers reach them.
for (const type of ['keydown', 'keypress', 'keyup']) {
  window.addEventListener(type, (e) => {
    const handler = keyHandlers.get(e.target);
    if (handler) {
      e.stopImmediatePropagation();
      if (type === 'keydown') handler(e);
    } else if (type === 'keydown' && e.key === 'Tab' && e.target.tagName === 'CANVAS' && shownFields().length) {
      e.stopImmediatePropagation();
      e.preventDefault();
      shownFields().at(e.shiftKey ? -1 : 0).focus();
    }
  }, true);
}

export function startHtmlFields(M, canvas, textArea) {
  const fields = new Map();  // id -> {el, kind, before, composing, queued, shown, sent}

  // The value goes through the heap, not ccall's 'string' (which copies it onto the small wasm stack).
  function setField(id, value) {
    const n = M.lengthBytesUTF8(value) + 1;
    const p = M._malloc(n);
    M.stringToUTF8(value, p, n);
    try {
      return M.ccall('app_set_field', 'string', ['string', 'number'], [id, p]);
    } finally {
      M._free(p);
    }
  }

  function showValidity(el, why) {
    el.classList.toggle('invalid', why !== '');
    el.setAttribute('aria-invalid', why !== '' ? 'true' : 'false');
    el.title = why;
  }

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
    const f = { el, kind, before: '', composing: false, queued: false, shown: '', sent: null };  // shown: the app's value
    // The app refuses what it cannot use (a seed with a letter in it): the field says why until it is fixed.
    const send = () => {
      f.queued = false;
      f.sent = el.value;
      const why = setField(id, el.value);
      showValidity(el, why);
      return why;
    };
    const queue = () => { if (!f.composing && !f.queued) { f.queued = true; requestAnimationFrame(send); } };
    keyHandlers.set(el, (e) => {
      if (e.isComposing || e.keyCode === 229) return;  // Enter or Escape that ends an IME composition
      if (e.key === 'Enter' && !(kind === 'lines' && e.shiftKey)) {
        e.preventDefault();
        canvas.focus();  // leaving settles the field (blur, below)
      } else if (e.key === 'Escape') {
        el.value = f.before;
        canvas.focus();
      }
    });
    el.addEventListener('input', queue);
    el.addEventListener('compositionstart', () => { f.composing = true; });
    el.addEventListener('compositionend', () => { f.composing = false; queue(); });
    el.addEventListener('focus', () => { f.before = el.value; });
    el.addEventListener('blur', () => {
      f.composing = false;  // a composition cut short (the field hidden mid-word) must not block later edits
      if (send() !== '' || (kind === 'number' && el.value === '')) {
        el.value = f.shown;  // back to the value in use
        send();
      }
    });
    // A wheel over a field that has nothing of its own to scroll scrolls the view under it.
    el.addEventListener('wheel', (e) => {
      if (el.scrollHeight > el.clientHeight) return;
      e.preventDefault();
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaX: e.deltaX, deltaY: e.deltaY, deltaMode: e.deltaMode,
                                                     clientX: e.clientX, clientY: e.clientY, bubbles: true, cancelable: true }));
    }, { passive: false });
    fields.set(id, f);
    return f;
  }

  // Numbers typed as "007" come back as "7": the same value, not the app changing it.
  const same = (kind, a, b) => a === b || (kind === 'number' && /^\d+$/.test(a ?? '') && /^\d+$/.test(b ?? '') &&
                                          BigInt(a) === BigInt(b));

  shownFields = () => [...fields.values()].map((f) => f.el).filter((el) => !el.hidden)
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
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
        el.maxLength = s.max;  // the app's cap, in characters; a huge paste is cut here, not in the wasm
        Object.assign(el.style, { left: `${s.x}px`, top: `${s.y}px`, width: `${s.w}px`, height: `${s.h}px` });
        // The app changed the value itself (a chosen token, Undo, a preset, a clamped seed): show it. While the
        // reader types, the app's value lags behind the field's (it only echoes what was sent): keep the field's.
        const changedByApp = s.value !== f.shown && !same(f.kind, s.value, f.sent);
        f.shown = s.value;
        const typing = document.activeElement === el && (f.queued || f.composing || !changedByApp);
        if (el.value !== s.value && !typing) {
          el.value = s.value;
          showValidity(el, '');
        }
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
