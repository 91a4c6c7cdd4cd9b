// Okabe–Ito, the colour-blind-safe categorical palette: healthy / first run blue,
// broken / second run vermillion, everywhere in the app.

import { cssTheme, currentTheme } from '../state/theme.ts';

export const OKABE_ITO = {
  blue: '#0072B2',
  vermillion: '#D55E00',
  orange: '#E69F00',
  green: '#009E73',
  purple: '#CC79A7',
  sky: '#56B4E9',
  yellow: '#F0E442',
} as const;

/** Run colours in assignment order. */
export const RUN_COLORS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.orange,
  OKABE_ITO.green,
  OKABE_ITO.purple,
  OKABE_ITO.sky,
  OKABE_ITO.yellow,
];

export function runColor(index: number): string {
  const n = RUN_COLORS.length;
  return RUN_COLORS[((index % n) + n) % n];
}

/** Per-layer colours when a single run is shown (vermillion is kept for "broken"). */
export const PART_COLORS: readonly string[] = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.sky, OKABE_ITO.yellow];

/** Dash patterns telling apart several series of one run (colour stays the run's). */
export const SERIES_DASHES: readonly (readonly number[])[] = [[], [5, 3], [1.5, 2.5], [8, 3, 2, 3], [3, 3]];

/** `#rrggbb` with an alpha, as an rgba() string. */
export function withAlpha(hex: string, alpha: number): string {
  const h = hex.replace('#', '');
  const r = parseInt(h.slice(0, 2), 16);
  const g = parseInt(h.slice(2, 4), 16);
  const b = parseInt(h.slice(4, 6), 16);
  return `rgba(${r},${g},${b},${alpha})`;
}

/** Colours of the chart furniture, read from CSS custom properties so light and dark themes apply. */
export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  axis: string;
  reference: string;
  alert: string;
  background: string;
}

export const LIGHT_THEME: ChartTheme = {
  text: '#1f2328',
  muted: '#6e7781',
  grid: 'rgba(31,35,40,0.08)',
  axis: 'rgba(31,35,40,0.35)',
  reference: '#8c959f',
  alert: '#D55E00',
  background: '#ffffff',
};

export const DARK_THEME: ChartTheme = {
  text: '#e6edf3',
  muted: '#8b949e',
  grid: 'rgba(230,237,243,0.08)',
  axis: 'rgba(230,237,243,0.35)',
  reference: '#8b949e',
  alert: '#F0A060',
  background: '#0d1117',
};

/** Theme from `--chart-*` custom properties on `el` (theme.css); the light or dark default where one is unset. */
export function readTheme(el: Element): ChartTheme {
  return cssTheme(el, 'chart', currentTheme() === 'dark' ? DARK_THEME : LIGHT_THEME);
}
