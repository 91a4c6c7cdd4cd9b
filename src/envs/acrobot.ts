// Acrobot-v1: gymnasium/envs/classic_control/acrobot.py (Gymnasium 1.x), "book" dynamics,
// one RK4 step of dt = 0.2 s, torque_noise_max = 0. Reset draws the state as float32
// (`.astype(np.float32)`); every step computes in float64, as numpy does after np.append.

import { VectorStateEnv, boxSpace, discreteSpace } from './core.ts';

const DT = 0.2;
const LINK_LENGTH_1 = 1.0;
const LINK_MASS_1 = 1.0;
const LINK_MASS_2 = 1.0;
/** Position of the centre of mass of each link. */
const LINK_COM_POS_1 = 0.5;
const LINK_COM_POS_2 = 0.5;
/** Moment of inertia of both links. */
const LINK_MOI = 1.0;
export const MAX_VEL_1 = 4 * Math.PI;
export const MAX_VEL_2 = 9 * Math.PI;
const AVAIL_TORQUE = [-1.0, 0.0, +1];
const G = 9.8;
const PI = Math.PI;

export class Acrobot extends VectorStateEnv {
  readonly id = 'Acrobot-v1' as const;
  readonly observationSpace = boxSpace(
    [-1, -1, -1, -1, -MAX_VEL_1, -MAX_VEL_2],
    [1, 1, 1, 1, MAX_VEL_1, MAX_VEL_2],
  );
  readonly actionSpace = discreteSpace(3);
  readonly obsDim = 6;

  /** [theta1, theta2, dtheta1, dtheta2] */
  protected readonly s = new Float64Array(4);
  // RK4 scratch: y0 + h·k, and the four derivative evaluations.
  private readonly y = new Float64Array(4);
  private readonly k1 = new Float64Array(4);
  private readonly k2 = new Float64Array(4);
  private readonly k3 = new Float64Array(4);
  private readonly k4 = new Float64Array(4);

  protected resetState(options: Record<string, unknown> | undefined): void {
    // Drawn as float32 (`.astype(np.float32)`).
    this.resetUniform(options, -0.1, 0.1, Math.fround);
  }

  /** _dsdt: time derivative of the state under torque a, written into out. */
  private dsdt(s: Float64Array, a: number, out: Float64Array): void {
    const m1 = LINK_MASS_1;
    const m2 = LINK_MASS_2;
    const l1 = LINK_LENGTH_1;
    const lc1 = LINK_COM_POS_1;
    const lc2 = LINK_COM_POS_2;
    const I1 = LINK_MOI;
    const I2 = LINK_MOI;
    const theta1 = s[0];
    const theta2 = s[1];
    const dtheta1 = s[2];
    const dtheta2 = s[3];
    // cos/sin of theta2 are computed once (the original calls them 2 and 3 times: same values).
    const cos2 = Math.cos(theta2);
    const sin2 = Math.sin(theta2);
    const d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + I1 + I2;
    const d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + I2;
    const phi2 = m2 * lc2 * G * Math.cos(theta1 + theta2 - PI / 2.0);
    const phi1 =
      -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2 -
      2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2 +
      (m1 * lc1 + m2 * l1) * G * Math.cos(theta1 - PI / 2) +
      phi2;
    // book dynamics (consistent with the java implementation)
    const ddtheta2 =
      (a + (d2 / d1) * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2) /
      (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1);
    const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
    out[0] = dtheta1;
    out[1] = dtheta2;
    out[2] = ddtheta1;
    out[3] = ddtheta2;
  }

  protected advance(action: number): number {
    const torque = AVAIL_TORQUE[action];
    const { s, y, k1, k2, k3, k4 } = this;
    // rk4(_dsdt, [s, torque], [0, dt]); the torque component's derivative is 0, so it stays put.
    const dt = DT - 0;
    const dt2 = dt / 2.0;
    this.dsdt(s, torque, k1);
    for (let i = 0; i < 4; i++) y[i] = s[i] + dt2 * k1[i];
    this.dsdt(y, torque, k2);
    for (let i = 0; i < 4; i++) y[i] = s[i] + dt2 * k2[i];
    this.dsdt(y, torque, k3);
    for (let i = 0; i < 4; i++) y[i] = s[i] + dt * k3[i];
    this.dsdt(y, torque, k4);
    const h = dt / 6.0;
    for (let i = 0; i < 4; i++) s[i] = s[i] + h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    s[0] = wrap(s[0], -PI, PI);
    s[1] = wrap(s[1], -PI, PI);
    s[2] = bound(s[2], -MAX_VEL_1, MAX_VEL_1);
    s[3] = bound(s[3], -MAX_VEL_2, MAX_VEL_2);
    // Terminal when the free end is above the bar (height > 1 link length).
    this.lastTerminated = -Math.cos(s[0]) - Math.cos(s[1] + s[0]) > 1.0;
    return this.lastTerminated ? 0.0 : -1.0;
  }

  protected writeObs(out: Float32Array, offset: number): void {
    const s = this.s;
    out[offset] = Math.cos(s[0]);
    out[offset + 1] = Math.sin(s[0]);
    out[offset + 2] = Math.cos(s[1]);
    out[offset + 3] = Math.sin(s[1]);
    out[offset + 4] = s[2];
    out[offset + 5] = s[3];
  }
}

/** Wraps x into [m, M] by whole turns (acrobot.py `wrap`). */
function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x = x - diff;
  while (x < m) x = x + diff;
  return x;
}

/** min(max(x, m), M) (acrobot.py `bound`). */
function bound(x: number, m: number, M: number): number {
  return Math.min(Math.max(x, m), M);
}
