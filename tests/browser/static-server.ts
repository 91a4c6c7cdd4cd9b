// A plain static file server (node:http, no Vite): serves dist/ under a sub-path, e.g.
// http://127.0.0.1:PORT/deep/sub/path/, the way GitHub Pages serves a project site, plus the test
// fixtures (tests/browser/fixtures/) next to the build, so a fixture page can embed `./index.html#…`.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
};

export interface StaticSite {
  /** e.g. http://127.0.0.1:41234/deep/sub/path/ */
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** Serve dist/ (then tests/browser/fixtures/) under `prefix`; anything else is a 404. */
export async function serveStatic(prefix = '/deep/sub/path/'): Promise<StaticSite> {
  const dirs = [join(ROOT, 'dist'), join(ROOT, 'tests/browser/fixtures')];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('not under the site path');
      return;
    }
    const rel = normalize(path.slice(prefix.length) || 'index.html');
    if (rel.startsWith('..')) {
      res.writeHead(403).end();
      return;
    }
    for (const dir of dirs) {
      const file = join(dir, rel);
      if (existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        createReadStream(file).pipe(res);
        return;
      }
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return { url: `${origin}${prefix}`, origin, close: () => new Promise((r) => server.close(() => r())) };
}
