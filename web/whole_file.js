// A file whole in memory (wasm, fonts, lesson, config, tokenizer) through the one downloader
// (web/model_download.js): its progress, stall and error messages, early responses, cache and resume.
import { Download } from './model_download.js';

// options: Download's, less onBytes/onRestart. Returns { bytes, download }.
export async function fetchWhole(options, signal = new AbortController().signal) {
  let bytes = null, chunks = [];
  const download = new Download({
    ...options,
    // Pieces arrive in a reused buffer: copied into one array of the announced size, else kept as copies.
    onBytes: (piece) => {
      if (!chunks.length && !bytes && download.size) bytes = new Uint8Array(download.size);
      if (!chunks.length && bytes && download.received + piece.length <= bytes.length) return void bytes.set(piece, download.received);
      if (!chunks.length && bytes) chunks.push(bytes.subarray(0, download.received));  // more than announced
      chunks.push(piece.slice());
    },
    onRestart: () => { bytes = null; chunks = []; },
  });
  await download.run(signal);
  if (chunks.length) {  // no length announced, or more than it: joined once at the end
    bytes = new Uint8Array(download.received);
    let offset = 0;
    for (const c of chunks) { bytes.set(c, offset); offset += c.length; }
  } else {
    bytes = bytes ? bytes.subarray(0, download.received) : new Uint8Array(0);
  }
  return { bytes, download };
}
