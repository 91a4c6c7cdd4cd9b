// Times every backend the browser offers on a run's networks, off the training thread: `auto` trains on a
// safe backend at once and switches to the fastest when this answers (backend-auto.ts; issue 11: a
// first update drawn within seconds, not after ~10 s of timing SwiftShader's WebGL and WebGPU).

import * as Comlink from 'comlink';
import { BROWSER_BACKENDS } from '../agents/backend-browser.ts';
import { setupBackend, type BackendInfo, type NetworkShape } from '../agents/backend.ts';

export interface MeasureApi {
  measure(shape: NetworkShape): Promise<BackendInfo>;
}

const api: MeasureApi = {
  measure: (shape) => setupBackend('auto', shape, BROWSER_BACKENDS),
};

Comlink.expose(api);
