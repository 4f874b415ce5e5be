// Preloaded into the node process that runs the wasm CLI (node -r): when it exits, writes the process's
// peak resident memory (getrusage inside WebAssembly cannot see it) as JSON to the file named by
// ATTN_RSS_REPORT. A file, because the CLI's runtime closes stdout and stderr on its way out.
const fs = require('node:fs');
let reported = false;
const report = () => {
  if (reported || !process.env.ATTN_RSS_REPORT) return;
  reported = true;
  fs.writeFileSync(process.env.ATTN_RSS_REPORT, JSON.stringify({ node_peak_rss_mb: process.resourceUsage().maxRSS / 1024 }));
};
const exit = process.exit.bind(process);
process.exit = (code) => {  // Emscripten leaves through process.exit
  report();
  exit(code);
};
process.on('exit', report);
