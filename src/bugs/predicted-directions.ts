// What a learner predicts a chart will do once a lesson's bug is on, relative to the healthy run.
// Apart from the lessons (src/bugs/lessons.ts re-exports it) so that the UI's text helpers can name a
// direction without loading the lesson catalogue, which loads after the first paint.

export type PredictedDirection = 'up' | 'down' | 'swings';

export const PREDICTED_DIRECTIONS: readonly { id: PredictedDirection; label: string }[] = [
  { id: 'up', label: 'goes up / spikes' },
  { id: 'down', label: 'goes down / lags' },
  { id: 'swings', label: 'swings wildly' },
];
