// Serves the production build (dist/, from `npm run build`) with Vite's preview server on a free
// localhost port for the browser tests, and hands its URL to them via `inject('baseUrl')`.

import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Ask the OS for a free port (listen on 0), then release it for the preview server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

let server: PreviewServer | null = null;

export async function setup(project: TestProject): Promise<void> {
  if (!existsSync(`${root}/dist/index.html`)) {
    throw new Error('dist/ is missing: run `npm run build` before the browser tests (`npm test` does both).');
  }
  // Retry in the unlikely case another process grabs the port between freePort() and listen().
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 5 && !server; attempt++) {
    const port = await freePort();
    try {
      server = await preview({
        root,
        configFile: `${root}/vite.config.ts`,
        logLevel: 'warn',
        preview: { host: '127.0.0.1', port, strictPort: true, open: false },
      });
    } catch (e) {
      lastError = e;
    }
  }
  if (!server) throw new Error(`could not start vite preview: ${String(lastError)}`);
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview started without a local URL');
  project.provide('baseUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.close();
  server = null;
}
