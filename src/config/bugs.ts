// Which bugs of the catalogue (src/bugs/catalog.ts) each agent really implements: a bug id is
// accepted in a run config (URL, CLI --bug, UI) only once its toggle is wired into the agent's code.
// The bug-lab work fills these lists as it adds each toggle; until then every --bug is rejected.

import type { AgentId } from './run-config.ts';

export const IMPLEMENTED_BUGS: Readonly<Record<AgentId, readonly string[]>> = {
  random: [],
  ppo: [
    'lr_too_high',
    'no_return_normalization',
    'uninitialized_buffer',
    'sum_instead_of_mean_loss',
    'ignore_done',
    'truncation_as_termination',
    'entropy_coef_too_high',
    'no_advantage_normalization',
    'no_grad_clipping',
    'no_obs_normalization',
    'too_many_epochs',
    'stale_rollout',
    'dead_relu_init',
    'tensor_leak',
  ],
  dqn: ['lr_too_high', 'uninitialized_buffer', 'target_aliases_online', 'sum_instead_of_mean_loss', 'mse_instead_of_huber', 'ignore_done', 'truncation_as_termination', 'epsilon_decay_too_fast', 'dead_relu_init', 'tensor_leak', 'reward_not_summed_over_skip'],
  vpg: ['lr_too_high', 'no_return_normalization', 'uninitialized_buffer', 'sum_instead_of_mean_loss', 'ignore_done', 'no_obs_normalization', 'dead_relu_init', 'tensor_leak'],
  a2c: ['lr_too_high', 'no_return_normalization', 'sum_instead_of_mean_loss', 'ignore_done', 'entropy_coef_too_high', 'no_grad_clipping', 'no_obs_normalization', 'dead_relu_init', 'tensor_leak'],
};

/** Bug ids a run of this agent may switch on. */
export function bugsFor(agent: AgentId): readonly string[] {
  return IMPLEMENTED_BUGS[agent] ?? [];
}
