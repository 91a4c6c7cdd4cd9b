// Pendulum-v1's limits (gymnasium/envs/classic_control/pendulum.py), apart from the env class so that the
// registry's reward bounds do not load the env itself.

export const MAX_SPEED = 8;
export const MAX_TORQUE = 2.0;
/** Worst per-step cost: angle π, speed 8, torque 2. */
export const PENDULUM_MAX_COST = Math.PI * Math.PI + 0.1 * MAX_SPEED * MAX_SPEED + 0.001 * MAX_TORQUE * MAX_TORQUE;
