// The engine's copies of models as files in the Origin Private File System: read back about twice as fast as
// the same bytes from Cache Storage (measured in Chromium here: 256 MB in 1.1 s against 1.7–2.1 s). Where a
// browser lacks it (or a writable stream), copies are simply not made; the model's own file cache still serves.
const DIR = 'attn-converted';
const nameOf = (url) => encodeURIComponent(url).slice(0, 240);

async function folder(create) {
  if (!navigator.storage || !navigator.storage.getDirectory || !self.FileSystemFileHandle ||
      !FileSystemFileHandle.prototype.createWritable) return null;
  try { return await (await navigator.storage.getDirectory()).getDirectoryHandle(DIR, { create }); } catch (e) { return null; }
}

// A writable stream for the copy of `url`, or null where copies cannot be made.
export async function createCopyFile(url) {
  const dir = await folder(true);
  if (!dir) return null;
  try { return await (await dir.getFileHandle(nameOf(url), { create: true })).createWritable(); } catch (e) { return null; }
}

// The copy of `url` as a File (read in slices), or null.
export async function openCopyFile(url) {
  const dir = await folder(false);
  if (!dir) return null;
  try { return await (await dir.getFileHandle(nameOf(url))).getFile(); } catch (e) { return null; }
}

export async function removeCopyFile(url) {
  const dir = await folder(false);
  if (dir) await dir.removeEntry(nameOf(url)).catch(() => {});
}
