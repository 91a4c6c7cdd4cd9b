// The training worker: tfjs, the agents and the envs live here, off the main thread.
// Loaded by the UI with `new Worker(new URL('../workers/trainer.worker.ts', import.meta.url), { type: 'module' })`
// and driven through Comlink as a TrainerApi (protocol.ts). No DOM in here.

import * as Comlink from 'comlink';
import { createAgent, networkShape } from '../agents/index.ts';
import { setupBrowserBackend } from '../agents/backend-browser.ts';
import { useBackend } from '../agents/backend.ts';
import { openModel, removeModel, saveModel } from '../agents/model-io.ts';
import { createSwarm } from '../agents/ppo-swarm.ts';
import { Trainer } from './trainer.ts';
import { startAuto } from './backend-auto.ts';
import { markOnce } from './startup-marks.ts';

markOnce('loaded');

const trainer = new Trainer({
  createAgent,
  // The bug lab's extra seeds of a healthy PPO config, batched in this one worker (issue 14's seed swarm).
  createSwarm,
  // The random agent has no networks: no backend to choose (and no seconds spent timing them). `auto` trains
  // at once on wasm and times every backend in a worker of its own after the first update (backend-auto.ts).
  setupBackend: async (config, settings) =>
    config.agent === 'random'
      ? { backend: 'none', reason: 'random agent: no networks', timings: {} }
      : config.backend === 'auto'
        ? startAuto(networkShape(config, settings))
        : setupBrowserBackend(config, settings),
  switchBackend: useBackend,
  // Saving trained networks and watching a saved agent (tf.io, IndexedDB or a file pair).
  models: { save: saveModel, remove: removeModel, open: (source) => openModel(source, createAgent) },
  // `auto` measures the run's own networks, so a different network shape measures again.
  backendKey: (config, settings) => (config.agent === 'random' ? 'none' : `${config.backend} ${JSON.stringify(networkShape(config, settings))}`),
});

Comlink.expose(trainer);
