// The reader's text is typed into a real <textarea> laid over the sentence box the app draws, so that a phone
// opens its keyboard and IME composition (accents, CJK), emoji pickers and paste work as in any page. The app
// tells it where the box is and what the text is (web/attn_library.js); typing runs the model live, at most
// once per frame, and not in the middle of an IME composition. Enter finishes (back to the canvas), Shift+Enter
// is a new line, Escape puts back the text from before.
export function startTextField(M, field, canvas) {
  let before = '';        // the text when the field got the focus (Escape restores it)
  let composing = false;  // an IME composition is open: its half-typed characters are not the text yet
  let queued = false;
  const send = () => {
    queued = false;
    M.ccall('app_set_text', null, ['string'], [field.value]);
  };
  const queue = () => { if (!composing && !queued) { queued = true; requestAnimationFrame(send); } };
  field.addEventListener('input', queue);
  field.addEventListener('compositionstart', () => { composing = true; });
  field.addEventListener('compositionend', () => { composing = false; queue(); });
  field.addEventListener('focus', () => { before = field.value; });
  field.addEventListener('keydown', (e) => {
    e.stopPropagation();  // keys typed here are text, not the app's shortcuts
    if (e.isComposing) return;
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      send();
      canvas.focus();
    } else if (e.key === 'Escape') {
      field.value = before;
      send();
      canvas.focus();
    }
  });
  window.attnTextField = {
    place(x, y, w, h, text, dark) {
      field.hidden = !(w > 0 && h > 0);
      field.classList.toggle('light', !dark);  // the app's theme, which the reader can switch
      Object.assign(field.style, { left: `${x}px`, top: `${y}px`, width: `${w}px`, height: `${h}px` });
      // The app changed the text (a chosen token, Undo, a preset): show it, unless the reader is mid-word.
      if (field.value !== text && !composing && (document.activeElement !== field || !queued)) field.value = text;
    },
  };
}
