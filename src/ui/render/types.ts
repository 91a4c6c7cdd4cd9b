// Shared types of the env renderers: pure drawing functions of (state, options) onto a 2D canvas.

/** Colours a renderer draws with, resolved from CSS custom properties so light and dark themes both work. */
export interface RenderTheme {
  background: string;
  /** Ground, track, hill, text. */
  ink: string;
  /** Secondary lines, labels, grid. */
  muted: string;
  /** Faint fills (area under the hill, empty cells). */
  faint: string;
  /** Okabe–Ito blue: the agent's body (cart, links, car). */
  body: string;
  /** Okabe–Ito orange: poles and rods. */
  pole: string;
  /** Okabe–Ito sky blue: joints and axles. */
  joint: string;
  /** Okabe–Ito green: goals. */
  goal: string;
  /** Okabe–Ito vermillion: applied forces and torques, pits. */
  force: string;
  font: string;
}

export interface RenderOptions {
  /** Canvas size in CSS pixels (the context is already scaled for devicePixelRatio). */
  width: number;
  height: number;
  theme: RenderTheme;
  /** The action last applied, NaN when none. */
  lastAction?: number;
}

/** A grid world's layout (src/envs/grid-world.ts): rows of '#' wall, 'P' or 'X' pit, 'G' goal, 'S' start, '.' free. */
export type GridLayout = readonly string[];

export const LIGHT_THEME: RenderTheme = {
  background: '#ffffff',
  ink: '#1f2328',
  muted: '#6e7781',
  faint: '#eef1f4',
  body: '#0072B2',
  pole: '#E69F00',
  joint: '#56B4E9',
  goal: '#009E73',
  force: '#D55E00',
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
};
