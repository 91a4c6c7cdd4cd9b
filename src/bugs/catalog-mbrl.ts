// The model-based agent's bugs (DIAGNOSTICS.md §3, "The model-based agent adds"), part of the one bug
// registry: catalog.ts's BUGS spreads them in. Measured signatures: seed 1, `scripts/train.ts --compare` on the
// playground preset (Pendulum-v1 plans 30 steps ahead, 50 sequences × 2 CEM iterations), as the README's bug
// table (`scripts/bug-table.ts --only mbrl`).

const PETS = {
  title: 'Chua et al., Deep Reinforcement Learning in a Handful of Trials using Probabilistic Dynamics Models (NeurIPS 2018)',
  url: 'https://arxiv.org/abs/1805.12114',
};
const MBRL_LIB = {
  title: 'Pineda et al., MBRL-Lib: A Modular Library for Model-based Reinforcement Learning (2021)',
  url: 'https://github.com/facebookresearch/mbrl-lib',
};

export const MBRL_BUGS = [
  {
    id: 'no_renormalize_in_rollout',
    title: 'Imagined states not normalised',
    agents: ['mbrl'],
    envs: 'continuous',
    explanation:
      'The dynamics model is trained on normalised inputs, and the first imagined step feeds it a normalised real state. Every later step feeds back the model\'s own prediction in raw units, which the network has never seen: one-step predictions stay right while every imagined trajectory past the first step goes wrong.',
    watch: [
      { key: 'model/multistep_error', direction: 'up', what: 'open-loop error 2–10 steps ahead 70–230× the healthy run\'s in the second planned episode and 1,000× and more after (Pendulum, seed 1: k = 2 0.018–0.021 vs 7e-7–3e-4; k = 10 0.87–0.98 vs 5e-5–0.005); at the 30-step horizon both runs are high (0.8–1.4 vs 0.06–1.4)' },
      { key: 'model/one_step_error', direction: 'stalls', what: 'the one-step error stays as low as the healthy run\'s (seed 1: 1.5e-6–5e-3 vs 2.6e-7–4.7e-3): the first imagined step is normalised' },
      { key: 'charts/episodic_return', direction: 'stalls', what: 'plans built on garbage rollouts: after the first planned episode Pendulum stays at −1050 to −1290 while the healthy run balances from its fifth episode (about −120)' },
    ],
    fix: 'Normalise the model input inside the rollout loop, at every imagined step, exactly as in training (mbrl-lib keeps the normaliser inside the model wrapper so no caller can forget).',
    reference: MBRL_LIB,
  },
  {
    id: 'angle_not_wrapped',
    title: 'Angle fed raw instead of as sin/cos',
    agents: ['mbrl'],
    envs: 'continuous',
    explanation:
      'The pendulum\'s angle goes into the model as a raw number in (−π, π] and its change is the raw difference, so the same physical state has two far-apart codes at ±π and a small swing across the bottom looks like a jump of 2π. (Pendulum-v1 is the env here whose state wraps; CartPole ends before its angle could.)',
    watch: [
      { key: 'model/one_step_error', direction: 'up', what: 'one-step error 100× the healthy run\'s and more (Pendulum, seed 1: 0.015–0.057 vs ≤ 0.00008 after the first planned episode), from the transitions across ±π' },
      { key: 'model/val_loss', direction: 'up', what: 'validation loss stuck at 0.33–0.52 (healthy: 0.005–0.007 from the third training): the 2π jumps cannot be fitted' },
      { key: 'charts/episodic_return', direction: 'stalls', what: 'no swing-up: every planned episode −1050 to −1490 (seed 1, 1,200 steps; healthy: about −120 from its fifth episode)' },
    ],
    fix: 'Feed angles as (sin θ, cos θ), wrap predicted angle changes to [−π, π), and wrap imagined angles.',
    reference: PETS,
  },
  {
    id: 'predict_state_not_delta',
    title: 'Model predicts the next state, not the change',
    agents: ['mbrl'],
    envs: 'continuous',
    explanation:
      'The network regresses the next state s′ instead of the change Δs = s′ − s. One step changes the state by a few percent of its range, so the target is almost the input: the network must learn the identity map with precision before it can learn any dynamics, and its small relative errors are large errors in Δs.',
    watch: [
      { key: 'model/val_loss', direction: 'stalls', what: 'validation loss stays about 20× the healthy run\'s (Pendulum, seed 1: 0.12–0.15 vs 0.005–0.007 from the third training)' },
      { key: 'model/one_step_error', direction: 'up', what: 'one-step error in state units stays high (0.065–0.16 vs ≤ 0.00008 after the first planned episode)' },
      { key: 'charts/episodic_return', direction: 'stalls', what: 'slow learning: the swing-up comes late or not at all (seed 1: −720 to −1470 over 1,200 steps)' },
    ],
    fix: 'Predict Δs (mbrl-lib target_is_delta = True) and normalise the targets.',
    reference: PETS,
  },
  {
    id: 'horizon_too_short',
    title: 'Planning horizon too short',
    agents: ['mbrl'],
    envs: 'continuous',
    explanation:
      'The planner looks one step ahead. On CartPole every candidate earns the same +1 unless it falls at once, and a pendulum cannot see the swing-up, so candidates score about the same and the chosen action is close to arbitrary: a perfect model with a myopic planner behaves like a random policy.',
    watch: [
      { key: 'planner/candidate_return_std', direction: 'down', what: 'the candidates\' imagined returns barely differ (seed 1: CartPole exactly 0, healthy median 0.43; Pendulum 0.0009, healthy 30–44 at its 30-step horizon)' },
      { key: 'planner/predicted_return', direction: 'down', what: 'a one-step plan predicts a one-step return' },
      { key: 'charts/episodic_return', direction: 'stalls', what: 'return stays near the random warm-up\'s (CartPole 20–90; Pendulum −650 to −1470 over 2,000 steps, healthy about −120 from its fifth episode) though the model is as accurate as the healthy one' },
    ],
    fix: 'Plan over enough steps to see the consequence that matters (PETS: 15–30 at these time steps), or add a learned value at the horizon.',
    reference: PETS,
  },
  {
    id: 'horizon_too_long',
    title: 'Planning horizon too long',
    agents: ['mbrl'],
    envs: 'continuous',
    explanation:
      'The planner looks four times further ahead. The model\'s error compounds with every imagined step, so the far end of every imagined trajectory is mostly error, the members disagree, and the scores the optimiser ranks by no longer say what the env will pay. Planning also costs four times as much.',
    watch: [
      { key: 'model/multistep_error', direction: 'up', what: 'error at the (longer) horizon 10–1000× the healthy one (CartPole, seed 1: 1–370 at k = 60 vs 0.002–0.6 at k = 15)' },
      { key: 'model/ensemble_disagreement', direction: 'up', what: 'members disagree 10–100× more along the plan' },
      { key: 'planner/predicted_return', direction: 'oscillates', what: 'the plan\'s imagined return parts from the realised one, either way (seed 1: optimistic in the first planned episode, pessimistic after)' },
      { key: 'time/plan_ms', direction: 'up', what: 'four times the planning time per step' },
    ],
    fix: 'Keep the horizon where the multi-step error is still small; re-plan every step (MPC) so only the first action of each plan is trusted.',
    reference: PETS,
  },
  {
    id: 'no_model_ensemble',
    title: 'A single model instead of an ensemble',
    agents: ['mbrl'],
    envs: 'continuous',
    explanation:
      'One network instead of an ensemble of K: nothing measures what the model does not know, and the planner trusts every confident mistake. PETS\'s ensemble gives epistemic uncertainty (disagreement between members) and trajectory sampling propagates it into the plan.',
    watch: [
      { key: 'model/ensemble_disagreement', direction: 'down', what: 'disagreement is exactly 0: there is nobody to disagree' },
      { key: 'charts/episodic_return', direction: 'stalls', what: 'on Pendulum at this budget one model plans about as well (seed 1: balanced by episode 5 as the healthy run): the loss is the uncertainty estimate, which matters where data is scarce' },
    ],
    fix: 'Train K ≥ 5 members on bootstrap samples and propagate particles through random members (TS1 / TS∞).',
    reference: PETS,
  },
] as const; // checked against Bug where catalog.ts spreads it into BUGS (`satisfies readonly Bug[]`)
