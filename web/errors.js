// The page's errors: one line with its reason, Retry (or Resume download where the download keeps its place),
// and a link back to the default model; a trap in the wasm after start-up is shown the same way, never as a
// silent dead canvas.
const $ = (id) => document.getElementById(id);

// Never an empty reason: the runtime's own words, or what an abort with none most often means.
export function reason(what) {
  const text = what && (what.message || String(what)).trim();
  return text || 'the WebAssembly runtime aborted without a reason (most often it ran out of memory; '
    + 'try a shorter text or a smaller model)';
}

// T(key, english, vars): a page string in the reader's language; started(): the wasm runtime is up.
// Returns showError(message, resumable, final).
export function startErrors({ T, params, started }) {
  const stopped = (what) => showError(T('web.stopped', 'The explainer stopped: {why}', { why: reason(what) }));
  // Other uncaught errors (e.g. a cache write) leave the app running.
  const fatal = (err) => started() && err instanceof WebAssembly.RuntimeError;
  window.addEventListener('error', (e) => { if (fatal(e.error)) stopped(e.error); });
  window.addEventListener('unhandledrejection', (e) => { if (fatal(e.reason)) stopped(e.reason); });

  function showError(message, resumable, final = false) {
    if (!String(message || '').trim()) message = reason('');
    $('error-text').textContent = message;
    $('retry').textContent = resumable ? T('web.resume', 'Resume download') : T('web.retry', 'Retry');
    $('retry').hidden = final;  // nothing a retry could change (the browser lacks a feature)
    const back = new URL(location.href);
    back.searchParams.set('model', 'default');
    $('use-default').href = back.href;
    $('use-default').hidden = (params.get('model') || 'default') === 'default';
    $('error').hidden = false;
    $('loader').hidden = true;
  }
  return { showError, stopped };
}
