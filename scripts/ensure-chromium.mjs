#!/usr/bin/env node
// The browser tests need a Chrome or Chromium: use one that is installed (CHROME_PATH, CHROMIUM_PATH,
// or chromium / chromium-browser / google-chrome on the PATH); where none is and this is a Debian or
// Ubuntu machine run as root, install Debian's `chromium` (as .ci/run does); elsewhere stop with the
// one command to run. Nothing is downloaded from outside the distribution's own packages.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first Chrome/Chromium found, or null. */
export function findChromium(env = process.env) {
  for (const v of [env.CHROME_PATH, env.CHROMIUM_PATH]) if (v && executable(v)) return v;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) if (executable(join(dir, name))) return join(dir, name);
  }
  return executable('/usr/bin/chromium') ? '/usr/bin/chromium' : null;
}

function isDebianLike() {
  return existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isDebianLike() && root) {
    console.error('[ensure-chromium] no Chrome/Chromium found: installing Debian\'s chromium (apt-get install -y chromium)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    const installed = findChromium();
    if (installed) return installed;
  }
  const hint = isDebianLike() ? 'sudo apt-get install -y chromium' : 'install Chrome or Chromium, or set CHROME_PATH to its executable';
  console.error(`[ensure-chromium] the browser tests need Chrome or Chromium and none was found. Run: ${hint}`);
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const path = ensureChromium();
  const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  console.error(`[ensure-chromium] using ${path}${version ? ` (${version})` : ''}`);
}
