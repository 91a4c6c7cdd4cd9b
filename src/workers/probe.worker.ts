// The probe-check worker: a second worker beside the trainer, so checking the agent never pauses its run.
// Trains the agent on each probe in turn (probe-run.ts) and reports each result as it lands.

import * as Comlink from 'comlink';
import '../agents/backend-browser.ts';
import { useBackend } from '../agents/backend.ts';
import { createAgent } from '../agents/index.ts';
import type { RunConfig } from '../config/run-config.ts';
import { PROBE_IDS, type ProbeId, type ProbeResult } from './probe-check.ts';
import { runProbe } from './probe-run.ts';

export interface ProbeApi {
  /** Run the five probes for `config`; `report` gets each result (or the error of a probe that could not run). */
  check(config: RunConfig, report: (probe: ProbeId, result: ProbeResult | { error: string }) => void): Promise<void>;
}

const api: ProbeApi = {
  async check(config, report) {
    // The probes' networks are tiny (one input): wasm, else the plain cpu backend.
    await useBackend('wasm').catch(() => useBackend('cpu'));
    for (const probe of PROBE_IDS) {
      try {
        report(probe, await runProbe(config, probe, createAgent));
      } catch (e) {
        report(probe, { error: e instanceof Error ? e.message : String(e) });
      }
    }
  },
};

Comlink.expose(api);
