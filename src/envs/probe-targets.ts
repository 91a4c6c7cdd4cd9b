// The probe envs' known answers (probes.ts), apart from the env class so that the registry's specs do not
// load the env itself.

export type ProbeId = 'Probe1' | 'Probe2' | 'Probe3' | 'Probe4' | 'Probe5';
export const PROBE_IDS: readonly ProbeId[] = ['Probe1', 'Probe2', 'Probe3', 'Probe4', 'Probe5'];

/** The known answers an agent must learn, per probe. */
export interface ProbeTarget {
  /** The (non-terminal) observations the env emits, as the single obs component. */
  readonly observations: readonly number[];
  readonly numActions: number;
  /** V*(obs) under discount γ. */
  value(obs: number, gamma: number): number;
  /** Q*(obs, action) under discount γ. */
  q(obs: number, action: number, gamma: number): number;
  /** The optimal action at obs. */
  bestAction(obs: number): number;
  /** Undiscounted return of an optimal episode starting at obs (the "solved" return). */
  optimalReturn(obs: number): number;
}

export const PROBE_TARGETS: Readonly<Record<ProbeId, ProbeTarget>> = {
  Probe1: {
    observations: [0],
    numActions: 1,
    value: () => 1,
    q: () => 1,
    bestAction: () => 0,
    optimalReturn: () => 1,
  },
  Probe2: {
    observations: [-1, 1],
    numActions: 1,
    value: (obs) => obs,
    q: (obs) => obs,
    bestAction: () => 0,
    optimalReturn: (obs) => obs,
  },
  Probe3: {
    observations: [0, 1],
    numActions: 1,
    // 0 now, then +1 one step later: V(0) = γ·1, V(1) = 1.
    value: (obs, gamma) => (obs === 0 ? gamma : 1),
    q: (obs, _action, gamma) => (obs === 0 ? gamma : 1),
    bestAction: () => 0,
    optimalReturn: () => 1,
  },
  Probe4: {
    observations: [0],
    numActions: 2,
    value: () => 1,
    q: (_obs, action) => (action === 0 ? 1 : -1),
    bestAction: () => 0,
    optimalReturn: () => 1,
  },
  Probe5: {
    observations: [-1, 1],
    numActions: 2,
    value: () => 1,
    q: (obs, action) => (action === (obs > 0 ? 1 : 0) ? 1 : -1),
    bestAction: (obs) => (obs > 0 ? 1 : 0),
    optimalReturn: () => 1,
  },
};
