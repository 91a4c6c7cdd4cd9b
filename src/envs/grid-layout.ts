// GridWorld's default layout (grid-world.ts), apart from the env class so that the page's renderer does not
// load the env itself.

/** 5×5; the shortest path is 8 steps (optimal return 1 − 7·0.01 = 0.93), passing next to a pit. */
export const DEFAULT_GRID_LAYOUT: readonly string[] = [
  'S....',
  '.##.P',
  '...#.',
  '.P...',
  '...#G',
];
