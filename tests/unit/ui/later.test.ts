import { expect, it } from 'vitest';
import { drained, later } from '../../../src/ui/state/later.ts';

it('starts each queued load in a task of its own, in the order asked, after the caller and without waiting for the loads', async () => {
  const marks: string[] = [];
  const a = later(async () => {
    marks.push('a');
    // A task queued by `a` runs before `b` starts: `b` starts in a later task than `a`.
    setTimeout(() => marks.push('task queued by a'), 0);
    return 1;
  });
  const slow = later(() => new Promise<never>(() => {}));
  const b = later(async () => {
    marks.push('b');
    return 2;
  });
  expect(marks).toEqual([]);
  expect(await Promise.all([a, b])).toEqual([1, 2]);
  expect(marks).toEqual(['a', 'task queued by a', 'b']);
  await drained();
  void slow;
});
