// Imported first by main.ts: the training worker starts fetching and evaluating tfjs before the rest of the
// app's modules evaluate and the app mounts, not after (issue 11: first trained update drawn ≤ 3 s).
import { startTrainerEarly } from './worker-link.ts';

startTrainerEarly();
