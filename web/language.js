// The page's language: ?lang= first, then the browser's preferred languages, else English; the files each
// language needs (assets/lang/<code>.json and <code>.lesson.json), and the Chinese font when Chinese is on
// screen. Strings the page itself shows before the app runs come from the same catalogue (keys "web.*").
export const LANGUAGES = ['en', 'es', 'zh'];

// "es-MX" → "es"; anything else (or hostile input) → null.
export function supportedLanguage(tag) {
  if (typeof tag !== 'string' || tag.length > 35) return null;
  const primary = tag.split(/[-_]/)[0].toLowerCase();
  return LANGUAGES.includes(primary) ? primary : null;
}

// `hash`: the address's #fragment, where Copy link writes the state (it wins over the query, as for the rest).
export function pickLanguage(params, hash = '', preferred = navigator.languages || [navigator.language]) {
  let fromHash = '';
  try { fromHash = new URLSearchParams(hash.replace(/^#/, '')).get('lang') || ''; } catch (e) { fromHash = ''; }
  const asked = supportedLanguage(fromHash) || supportedLanguage(params.get('lang') || '');
  if (asked) return asked;
  for (const tag of preferred || []) {
    const code = supportedLanguage(tag);
    if (code) return code;
  }
  return 'en';
}

const catalogues = {};  // code → {strings, lesson text}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

// The catalogue and lesson of a language ('' for English, whose strings are compiled into the app).
export async function languageFiles(code) {
  if (code === 'en') return { catalogue: '', lesson: '' };
  if (!catalogues[code]) {
    const [catalogue, lesson] = await Promise.all([fetchText(`lang/${code}.json`), fetchText(`lang/${code}.lesson.json`)]);
    catalogues[code] = { catalogue, lesson, strings: JSON.parse(catalogue) };
  }
  return catalogues[code];
}

let english = null;
// A page string in the current language: t('web.loading', {model: 'GPT-2'}).
export function t(code, key, vars = {}) {
  const own = catalogues[code] && catalogues[code].strings[key];
  const text = own || (english && english[key]) || key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

export async function loadEnglish() {
  try {
    english = JSON.parse(await fetchText('lang/en.json'));
  } catch (e) {
    english = {};
  }
}

export const hasCjk = (text) => /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(text || '');

// The page's own elements (loader, error box, field labels): data-i18n sets the text, data-i18n-label the
// aria-label, from the same catalogue.
export function translatePage(code) {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(code, el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(code, el.dataset.i18nLabel));
  document.title = t(code, 'frame.title_gpt2');
}
