// The training worker: tfjs, the agents and the envs live here, off the main thread.
// Loaded by the UI with `new Worker(new URL('../workers/trainer.worker.ts', import.meta.url), { type: 'module' })`
// and driven through Comlink as a TrainerApi (protocol.ts). No DOM in here.

import * as Comlink from 'comlink';
import { createAgent, networkShape } from '../agents/index.ts';
import { setupBrowserBackend } from '../agents/backend-browser.ts';
import { openModel, removeModel, saveModel } from '../agents/model-io.ts';
import { Trainer } from './trainer.ts';

const trainer = new Trainer({
  createAgent,
  // The random agent has no networks: no backend to choose (and no seconds spent timing them).
  setupBackend: async (config, settings) =>
    config.agent === 'random' ? { backend: 'none', reason: 'random agent: no networks', timings: {} } : setupBrowserBackend(config, settings),
  // Saving trained networks and watching a saved agent (tf.io, IndexedDB or a file pair).
  models: { save: saveModel, remove: removeModel, open: (source) => openModel(source, createAgent) },
  // `auto` measures the run's own networks, so a different network shape measures again.
  backendKey: (config, settings) => (config.agent === 'random' ? 'none' : `${config.backend} ${JSON.stringify(networkShape(config, settings))}`),
});

Comlink.expose(trainer);
