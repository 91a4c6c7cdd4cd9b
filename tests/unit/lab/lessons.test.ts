import { describe, expect, it } from 'vitest';
import { BUGS } from '../../../src/bugs/catalog.ts';
import { LESSONS, findLesson, lessonProblems, lessonWatchKeys, lessonsProblems, type Lesson } from '../../../src/bugs/lessons.ts';
import { AGENT_CONFIGS, presetsFor } from '../../../src/config/presets.ts';
import { validateRunConfig } from '../../../src/config/resolve.ts';
import { formatHash, parseHash, DEFAULT_VIEW } from '../../../src/config/url-codec.ts';
import { ENV_IDS } from '../../../src/envs/registry.ts';
import { agentReports, lessonConfig, lessonUnavailable } from '../../../src/ui/lab/experiment.ts';
import { bugsOf } from '../../../src/bugs/catalog.ts';

const lr = findLesson('lr-too-high')!;

describe('lesson data', () => {
  it('has at least 10 lessons, all consistent with the bug and metric catalogues', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(10);
    expect(lessonsProblems(LESSONS, agentReports)).toEqual([]);
  });

  it('covers the lessons the bug lab promises', () => {
    const bugs = new Set(LESSONS.flatMap((l) => l.bugs));
    for (const id of ['lr_too_high', 'no_return_normalization', 'uninitialized_buffer', 'target_aliases_online', 'sum_instead_of_mean_loss', 'ignore_done', 'entropy_coef_too_high', 'too_many_epochs', 'stale_rollout', 'tensor_leak', 'dead_relu_init', 'truncation_as_termination'])
      expect(bugs.has(id), id).toBe(true);
    expect(findLesson('target-aliasing')!.agent).toBe('dqn');
  });

  it('every lesson names a real env and a preset its agent has there, and fits the run config checks', () => {
    for (const l of LESSONS) {
      expect(ENV_IDS).toContain(l.env);
      expect(AGENT_CONFIGS[l.agent], l.id).toBeDefined();
      expect(presetsFor(l.agent, l.env), l.id).toContain(l.preset);
      // Bugs are checked against the catalogue separately (lessonUnavailable): here everything else.
      expect(validateRunConfig({ ...lessonConfig(l), bugs: [] }), l.id).toEqual([]);
    }
  });

  it('a lesson is offered exactly when its bugs are implemented for its agent', () => {
    for (const l of LESSONS) {
      const implemented = l.bugs.every((b) => bugsOf(l.agent).includes(b));
      expect(lessonUnavailable(l) === null, l.id).toBe(implemented);
      if (!implemented) expect(lessonUnavailable(l)).toMatch(/^coming/);
    }
  });

  it('the validator catches broken lessons', () => {
    const bad = (patch: Partial<Lesson>): string[] => lessonProblems({ ...lr, ...patch }, agentReports);
    expect(bad({ id: 'Bad Id' })).toHaveLength(1);
    expect(bad({ bugs: ['no_such_bug'] }).join()).toMatch(/unknown bug/);
    expect(bad({ bugs: ['target_aliases_online'] }).join()).toMatch(/does not apply to ppo/);
    expect(bad({ choices: ['losses/value_loss', 'memory/num_tensors', 'charts/SPS'] }).join()).toMatch(/no offered chart is watched/);
    expect(bad({ choices: ['losses/approx_kl', 'losses/q_values', 'charts/SPS'] }).join()).toMatch(/does not report 'losses\/q_values'/);
    expect(bad({ choices: ['losses/approx_kl', 'losses/approx_kl', 'charts/SPS'] }).join()).toMatch(/twice/);
    expect(bad({ steps: 10 }).join()).toMatch(/steps/);
    expect(lessonsProblems([lr, lr], agentReports).join()).toMatch(/used twice/);
  });

  it('watches its own keys or its bugs\' watch keys in order', () => {
    expect(lessonWatchKeys(lr)).toEqual(BUGS.find((b) => b.id === 'lr_too_high')!.watch.map((w) => w.key));
    expect(lessonWatchKeys(findLesson('ignoring-done')!)[0]).toBe('losses/q_values_max');
  });

  it('opens from a URL: #lesson=<id> round-trips through the codec', () => {
    const hash = formatHash({ config: lessonConfig(lr), view: { ...DEFAULT_VIEW, lesson: lr.id } });
    expect(hash).toContain('lesson=lr-too-high');
    expect(parseHash(hash).state.view.lesson).toBe('lr-too-high');
    expect(parseHash(hash).state.config.bugs).toEqual(['lr_too_high']);
  });
});
