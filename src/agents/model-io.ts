// Saving and loading a trained agent with tf.io (worker only): the policy's variables become a tfjs
// weights manifest + one weights buffer; model.json's modelTopology carries what else is needed to act
// again (format, version, the RunConfig, the normaliser statistics). Saved into tf.io's IndexedDB store
// (indexeddb://key) or handed back as the model.json / weights.bin pair for the page to download.

import * as tf from '@tensorflow/tfjs';
import { validateRunConfig } from '../config/resolve.ts';
import type { RunConfig } from '../config/run-config.ts';
import type { AgentFactory } from '../workers/create-run.ts';
import type { ModelFiles, ModelSource } from '../workers/protocol.ts';
import { GreedyAgent } from './greedy-agent.ts';
import type { Agent } from './types.ts';

export const MODEL_FORMAT = 'rl-playground-model';
export const MODEL_VERSION = 1;
export const WEIGHTS_FILE = 'weights.bin';

interface Topology {
  format: string;
  version: number;
  config: RunConfig;
  state: Record<string, number[]>;
}

/** The policy's weights, read in one synchronous pass (a consistent snapshot even mid-run). */
function artifactsOf(agent: Agent, config: RunConfig): tf.io.ModelArtifacts {
  const policy = agent.policy?.();
  if (!policy) throw new Error(`the ${config.agent} agent cannot save its networks (PPO, A2C, VPG and DQN can)`);
  const values = policy.variables.map((v) => v.dataSync() as Float32Array);
  const weightData = new Uint8Array(values.reduce((n, v) => n + v.byteLength, 0));
  let o = 0;
  for (const v of values) {
    weightData.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), o);
    o += v.byteLength;
  }
  const topology: Topology = { format: MODEL_FORMAT, version: MODEL_VERSION, config, state: policy.state() };
  return {
    modelTopology: topology as unknown as tf.io.ModelJSON['modelTopology'],
    format: MODEL_FORMAT,
    generatedBy: 'RL Playground',
    convertedBy: null,
    weightSpecs: policy.variables.map((v) => ({ name: v.name, shape: v.shape, dtype: 'float32' as const })),
    weightData: weightData.buffer,
  };
}

export async function saveModel(agent: Agent, config: RunConfig, key: string | null): Promise<ModelFiles | null> {
  const artifacts = artifactsOf(agent, config);
  if (key !== null) {
    const [handler] = tf.io.getSaveHandlers(`indexeddb://${key}`);
    if (!handler?.save) throw new Error('IndexedDB is not available to tf.io here');
    await handler.save(artifacts);
    return null;
  }
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs! }],
  };
  return { modelJson: JSON.stringify(modelJson), weights: artifacts.weightData as ArrayBuffer };
}

export async function removeModel(key: string): Promise<void> {
  const known = await tf.io.listModels();
  if (`indexeddb://${key}` in known) await tf.io.removeModel(`indexeddb://${key}`);
}

async function artifactsFrom(source: ModelSource): Promise<tf.io.ModelArtifacts> {
  if ('indexedDb' in source) {
    const [handler] = tf.io.getLoadHandlers(`indexeddb://${source.indexedDb}`);
    if (!handler?.load) throw new Error('IndexedDB is not available to tf.io here');
    return handler.load();
  }
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(source.files.modelJson) as tf.io.ModelJSON;
  } catch {
    throw new Error('model.json is not valid JSON');
  }
  if (!Array.isArray(json?.weightsManifest)) throw new Error('model.json has no weightsManifest');
  return { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: source.files.weights };
}

function topologyOf(artifacts: tf.io.ModelArtifacts): Topology {
  const t = artifacts.modelTopology as Partial<Topology> | undefined;
  if (!t || t.format !== MODEL_FORMAT) throw new Error('not an RL Playground model (model.json was written by something else)');
  if (t.version !== MODEL_VERSION) throw new Error(`model version ${String(t.version)} is not readable here (this playground reads version ${MODEL_VERSION})`);
  const problems = t.config ? validateRunConfig(t.config) : ['no config'];
  if (problems.length > 0) throw new Error(`the model's run config is invalid: ${problems.join('; ')}`);
  return t as Topology;
}

/** Read a saved agent: its run config, and a factory that builds that agent, loads the weights, and wraps it to act greedily. */
export async function openModel(source: ModelSource, createAgent: AgentFactory): Promise<{ config: RunConfig; watchAgent: AgentFactory }> {
  const artifacts = await artifactsFrom(source);
  const topology = topologyOf(artifacts);
  const specs = artifacts.weightSpecs ?? [];
  const watchAgent: AgentFactory = async (settings, ctx) => {
    const agent = await createAgent(settings, ctx);
    try {
      const policy = agent.policy?.();
      if (!policy) throw new Error(`the ${settings.agent} agent cannot load saved networks`);
      const weights = tf.io.decodeWeights(artifacts.weightData!, specs);
      try {
        for (const v of policy.variables) {
          const w = weights[v.name];
          if (!w || w.shape.join() !== v.shape.join()) throw new Error(`the saved weights do not fit this agent's networks (${v.name}: ${w ? `[${w.shape}]` : 'missing'}, need [${v.shape}])`);
          v.assign(w);
        }
      } finally {
        for (const t of Object.values(weights)) t.dispose();
      }
      policy.restore(topology.state ?? {});
      return new GreedyAgent(agent, policy, ctx);
    } catch (e) {
      agent.dispose();
      throw e;
    }
  };
  return { config: topology.config, watchAgent };
}
