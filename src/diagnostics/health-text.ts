// The health checks' messages (health-checks.ts): English templates by key, and their parameters.

/**
 * What an alert says, as templates with `{name}` parameters: the English text (the CLI's JSON, the English UI) by
 * key; the zh pack has the same keys (src/ui/i18n/notices.zh.ts). A detector and healthContext() give a key and its
 * parameters, never a finished sentence. Its own module, so that only the worker and the lazily loaded alert views
 * carry these sentences (the page's first chunk stays within its budget).
 */
export const HEALTH_TEXT = {
  'health.msg.nonFinite': '{key} became {value}: training has diverged or a computation overflowed.',
  'health.msg.entropyCollapse': 'Policy entropy {value} is below {percent}% of its maximum {max} this early: the policy stopped exploring before it learned.',
  'health.msg.klSingle': 'approx_kl {value} > {limit}: one update moved the policy far from the one that collected the data.',
  'health.msg.klMedian': 'approx_kl has a median of {value} > {limit} over the last {window} updates: each update moves the policy far from the one that collected the data.',
  'health.msg.evNegative': 'Explained variance has been below {limit} for {streak} updates (now {value}): the value function predicts returns worse than a constant.',
  'health.msg.valueReturn': 'value_mean {value} is more than {factor}× away from return_mean {ret}, and has been at every update of the last {steps} env steps: the critic is not learning the returns.',
  'health.msg.outOfBounds': '{key} = {value} is outside the possible range [{lo}, {hi}] = [r_min, r_max]/(1 − γ): no sequence of rewards can produce it.',
  'health.msg.deadRelu': '{percent}% of the units of {layer} output 0 for every sample (> {limit}%): they no longer learn.',
  'health.msg.deadReluNetwork': '{percent}% of the units of the network output 0 for every sample (> {limit}%): they no longer learn.',
  'health.msg.gradSpike': 'grad_norm {value} is {ratio}× its running median {median} (> {factor}×) and {record}× the largest earlier one: an exploding update.',
  'health.msg.tensorLeak': 'memory/num_tensors has risen at {streak} consecutive updates (now {value}): tensors are created and never disposed.',
  'health.expected.valueReturn':
    'This preset does not normalise returns (as CleanRL does on discrete envs): the critic starts near 0 and climbs towards returns of up to 1/(1 − γ) at a small learning rate, so it lags them for tens of thousands of steps. A property of the preset, not a bug; the playground preset normalises returns.',
  'health.expected.deadReluWide': "This preset's Q-network is wide ({sizes}) and trained fast: most of its second layer's ReLUs die early while the rest still learn the task. A property of the preset, not a bug.",
  'health.expected.deadReluMountainCar':
    "On MountainCar every reward is −1 until the car first reaches the flag: the Q-network only has to lower a nearly constant value over a narrow band of visited states, and about two thirds of its second layer's ReLUs stay off on all of them (measured 0.63–0.66 over 30k steps of the cleanrl preset before any success). A property of the env and preset before the first success, not a bug.",
  'health.expected.qOutOfBounds': 'This preset takes {steps} gradient steps every {freq} env steps on a {sizes} network, against a target refreshed every {every} steps: Q estimates of rarely seen states overshoot the possible range (measured on healthy runs: CartPole by a few units; Acrobot by up to 50–60 while the mean Q stays near −35 and the return climbs to about −90). A property of the preset, not a bug.',
  'health.expected.klSmallRollouts': "This preset updates on rollouts of only {n} samples: approx_kl, estimated on so few samples (of a narrow Gaussian policy on the zoo's MountainCarContinuous entry), often exceeds the threshold while the policy learns. A property of the preset, not a bug.",
  'health.expected.evSmallRollouts': 'This preset updates on rollouts of only {n} samples: explained variance is computed over those {n} returns, which barely differ before the first success, so it swings below zero on small residuals. A property of the preset, not a bug.',
  'health.expected.klNarrowGaussian':
    "This preset starts a Gaussian policy with σ = {std} (log σ {logStd}) on PyTorch's default initialisation, whose mean outputs are not scaled down: the first RMSprop steps move the mean by several σ, so approx_kl, which grows with (Δμ/σ)², reads far above the threshold early on. A property of the preset, not a bug; the playground preset starts at σ = 0.61 with orthogonal initialisation.",
  'health.expected.klFullBatchEpochs':
    'This preset takes {epochs} full-batch gradient steps per update on only {n} samples, at a learning rate of up to {lr}, with no KL stop: now and then one update overshoots (measured on a healthy run of the fast preset on CartPole: approx_kl 0.037, 0.056 and 0.12 on three updates in a row, at 17k steps, after which the return fell from 500 to about 100 and the run solved again only at 49k). The alert is real, but it comes from the preset, not a bug; the playground preset takes 4 epochs of 4 minibatches on 512 samples.',
  'health.expected.valueReturnMountainCarContinuous':
    "On MountainCarContinuous the return normaliser's scale grows about 25× once the car first reaches the flag (+100 after returns of a few tenths per step): the critic's values, learned at the old scale, read back far below the returns until it catches up, 10–25k steps, while the scale keeps moving. Measured on a healthy run of the playground PPO preset (seed 3): scale 0.89 at 20k steps, 22 at 51k; value_mean −14 against return_mean +15 at 35k, below −10, the lowest return any policy can get. Fired on 3 to 5 seeds of 5 with the PPO playground and cleanrl presets, the A2C playground and zoo presets, and on some seeds with the VPG playground preset. A property of return normalisation on this env, not a bug.",
} as const satisfies Record<string, string>;

export type HealthTextKey = keyof typeof HEALTH_TEXT;

/** A health message: a key of HEALTH_TEXT and its parameters (numbers already formatted). */
export interface HealthText {
  key: HealthTextKey;
  params: Readonly<Record<string, string | number>>;
}

/** The English sentence of a health message. */
export function healthTextEn(text: HealthText): string {
  return HEALTH_TEXT[text.key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in text.params ? String(text.params[name]) : whole));
}
