// Which model the page loads and where its files are: a model shipped with the page (?model=NAME, from
// weights/NAME/), a directory at any address (?model=https://.../), or a GPT-2 repository on the Hugging Face
// Hub (?model=hf:OWNER/REPO, optionally @REVISION), read from the Hub's documented file address
// https://huggingface.co/OWNER/REPO/resolve/REVISION/FILE (it redirects to its storage and sends CORS headers).

export const HUB = 'https://huggingface.co';

// Hub checkpoints the picker offers, with their download size shown before anything is fetched: GPT-2's
// model.safetensors as listed on its repository's "Files" page (548 MB); DistilGPT2's (about 353 MB) and
// SmolLM2-135M's (about 269 MB, BF16) and BERT base uncased's (about 440 MB, F32) approximate, not checked from here. The progress bar shows the real size from the server once the download starts.
export const HUB_MODELS = [
  { name: 'hf:openai-community/gpt2', label: 'GPT-2 124M (OpenAI)', bytes: 548105171, n_layer: 12, n_head: 12, n_embd: 768 },
  { name: 'hf:distilbert/distilgpt2', label: 'DistilGPT2 82M (6 layers)', bytes: 352833716, n_layer: 6, n_head: 12, n_embd: 768 },
  // A Llama-family model of today: rotary positions, 9 query heads sharing 3 key/value heads, BF16 (about 269 MB).
  // An encoder: every token sees every other; fill-the-blank instead of next-token bars (F32, about 440 MB, kept as F16).
  { name: 'hf:google-bert/bert-base-uncased', label: 'BERT base uncased (encoder)', bytes: 440449768, n_layer: 12, n_head: 12, n_embd: 768 },
  { name: 'hf:HuggingFaceTB/SmolLM2-135M', label: 'SmolLM2 135M (Llama family)', bytes: 269060552, n_layer: 30, n_head: 9, n_embd: 576 },
];

const PART = /^[A-Za-z0-9_.-]{1,96}$/;         // one OWNER or REPO name on the Hub
const REVISION = /^[A-Za-z0-9_.\/-]{1,128}$/;  // a branch, tag or commit

function isLoopback(host) { return host === '127.0.0.1' || host === 'localhost' || host === '[::1]'; }

// Tests point hf: at a local stand-in for the Hub with ?hub=http://127.0.0.1:PORT; honoured only when both the
// page and that address are on this machine, so a shared link can never send readers elsewhere.
function hubBase(params, page) {
  const asked = params.get('hub');
  if (!asked) return HUB;
  let url = null;
  try { url = new URL(asked); } catch (e) { /* refused below */ }
  if (!url || !isLoopback(page.hostname) || !isLoopback(url.hostname) || url.protocol !== 'http:')
    throw new Error('?hub= is only for tests: it must be a loopback address, on a page served from this machine');
  return url.origin;
}

function hubModel(spec, params, page) {
  const at = spec.indexOf('@');
  const repo = at < 0 ? spec : spec.slice(0, at);
  const revision = at < 0 ? 'main' : spec.slice(at + 1);
  const parts = repo.split('/');
  const shown = spec.slice(0, 80);
  if (parts.length !== 2 || !parts.every((p) => PART.test(p) && p !== '.' && p !== '..'))
    throw new Error(`?model=hf:${shown} is not a Hub repository: use hf:OWNER/REPO (letters, digits, - _ . and one /)`);
  if (!REVISION.test(revision) || revision.includes('..') || revision.startsWith('/'))
    throw new Error(`?model=hf:${shown}: "${revision.slice(0, 40)}" is not a branch, tag or commit`);
  const name = `hf:${repo}` + (revision === 'main' ? '' : `@${revision}`);
  const known = HUB_MODELS.find((m) => m.name === name);
  return {
    name, hub: true, repo,
    label: known ? known.label : name,
    base: `${hubBase(params, page)}/${repo}/resolve/${encodeURIComponent(revision)}/`,
    tokenizer: { vocab: 'vocab.json', merges: 'merges.txt' },  // the repo's own when present
  };
}

// -> { name, label, base (ends with /), hub, tokenizer? }; throws an Error with a one-line reason.
export function resolveModel(params, page = location) {
  const m = params.get('model') || 'default';
  if (m.startsWith('hf:')) return hubModel(m.slice(3), params, page);
  if (/^[A-Za-z0-9_-]{1,64}$/.test(m)) return { name: m, label: m, base: `weights/${m}/`, hub: false };
  let url = null;
  try { url = new URL(m, page.href); } catch (e) { /* refused below */ }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new Error(`?model= must be a model name, hf:OWNER/REPO or an http(s) address; got "${m.slice(0, 80)}"`);
  const base = url.href.endsWith('/') ? url.href : url.href + '/';
  return { name: base, label: base, base, hub: false };
}
