#!/usr/bin/env python3
"""Serves a directory on 127.0.0.1 with the MIME types the page needs (application/wasm included) and
HTTP caching (ETag + Cache-Control), so a second visit or a second embed reuses the wasm and weights.

usage: scripts/serve.py [DIR] [--port 8000]
"""
import argparse
import email.utils
import http.server
import os
import sys

TYPES = {".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
         ".html": "text/html; charset=utf-8", ".css": "text/css", ".ttf": "font/ttf", ".bpe": "text/plain; charset=utf-8",
         ".safetensors": "application/octet-stream", ".txt": "text/plain; charset=utf-8", ".png": "image/png"}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def end_headers(self):
        # Revalidate every time (cheap 304s) so a rebuilt page is never stale; weights rarely change but
        # their ETag makes the revalidation free.
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isfile(path):
            st = os.stat(path)
            etag = f'"{st.st_size:x}-{int(st.st_mtime_ns):x}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return None
            self._etag = etag
        return super().send_head()

    def send_header(self, keyword, value):
        super().send_header(keyword, value)
        if keyword == "Last-Modified" and getattr(self, "_etag", None):
            super().send_header("ETag", self._etag)
            self._etag = None

    def log_message(self, fmt, *args):
        if os.environ.get("ATTN_SERVE_QUIET") != "1":
            sys.stderr.write("[serve] " + fmt % args + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("directory", nargs="?", default=os.path.join(os.path.dirname(__file__), "..", "build", "web"))
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args()
    directory = os.path.abspath(args.directory)
    handler = lambda *a, **k: Handler(*a, directory=directory, **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print(f"serving {directory} on http://127.0.0.1:{args.port}/  (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
