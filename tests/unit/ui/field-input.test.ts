import { describe, expect, it } from 'vitest';
import { PPO_FIELDS } from '../../../src/config/ppo-config.ts';
import type { FieldSchema, FloatField } from '../../../src/config/schema.ts';
import {
  formatFieldValue,
  fromLogPosition,
  logDomain,
  parseBudget,
  parseFieldInput,
  parseSeed,
  rangeText,
  toLogPosition,
} from '../../../src/ui/state/field-input.ts';

const field = (key: string): FieldSchema => PPO_FIELDS.find((f) => f.key === key)!;

describe('parseFieldInput', () => {
  it('reads valid text as the override value', () => {
    expect(parseFieldInput(field('learningRate'), ' 3e-4 ')).toEqual({ value: 3e-4 });
    expect(parseFieldInput(field('numEnvs'), '8')).toEqual({ value: 8 });
    expect(parseFieldInput(field('hiddenSizes'), '32, 32')).toEqual({ value: '32, 32' });
    expect(parseFieldInput(field('targetKl'), '')).toEqual({ value: null });
    expect(parseFieldInput(field('activation'), 'relu')).toEqual({ value: 'relu' });
  });

  it('refuses what is not a valid value, in plain words', () => {
    expect(parseFieldInput(field('learningRate'), 'abc')).toEqual({ error: "Expects a number, got 'abc'." });
    expect(parseFieldInput(field('learningRate'), '-1')).toEqual({ error: 'Must be in [0, 1], got -1.' });
    expect(parseFieldInput(field('learningRate'), '')).toEqual({ error: 'Enter a value.' });
    expect(parseFieldInput(field('numEnvs'), '2.5')).toEqual({ error: 'Must be an integer, got 2.5.' });
    expect('error' in parseFieldInput(field('hiddenSizes'), '64,x')).toBe(true);
    expect('error' in parseFieldInput(field('activation'), 'sigmoid')).toBe(true);
  });
});

describe('showing values and ranges', () => {
  it('formats numbers short and exact', () => {
    expect(formatFieldValue(2.5e-4)).toBe('2.5e-4');
    expect(formatFieldValue(0.95)).toBe('0.95');
    expect(formatFieldValue(1e9)).toBe('1e9');
    expect(formatFieldValue([64, 64])).toBe('64,64');
    expect(formatFieldValue(null)).toBe('');
    expect(formatFieldValue('tanh')).toBe('tanh');
  });

  it('describes ranges', () => {
    expect(rangeText(field('learningRate'))).toBe('0 – 1, log scale');
    expect(rangeText(field('numEnvs'))).toBe('1 – 256, integer');
    expect(rangeText(field('targetKl'))).toBe('0 – 100, empty = off');
    expect(rangeText(field('activation'))).toBe('tanh | relu');
  });
});

describe('log slider', () => {
  const lr = field('learningRate') as FloatField;
  it('spans decades above zero and maps back and forth', () => {
    expect(logDomain(lr)).toEqual([-8, 0]);
    expect(toLogPosition(lr, 1e-3)).toBeCloseTo(-3);
    expect(toLogPosition(lr, 0)).toBe(-8);
    expect(fromLogPosition(lr, -3)).toBe(0.001);
    expect(fromLogPosition(lr, Math.log10(2.5e-4))).toBe(2.5e-4);
    expect(fromLogPosition(lr, 5)).toBe(1);
  });
});

describe('seed and budget', () => {
  it('accepts whole numbers in range only', () => {
    expect(parseSeed('42')).toEqual({ seed: 42, error: null });
    expect(parseSeed('-1').error).toMatch(/whole number/);
    expect(parseSeed('1.5').error).toMatch(/whole number/);
    expect(parseSeed('4294967296').error).toMatch(/At most/);
  });

  it('reads a budget with k and M suffixes; empty is none', () => {
    expect(parseBudget('')).toEqual({ steps: null, error: null });
    expect(parseBudget('200k')).toEqual({ steps: 200_000, error: null });
    expect(parseBudget('1.5M')).toEqual({ steps: 1_500_000, error: null });
    expect(parseBudget('1e6')).toEqual({ steps: 1_000_000, error: null });
    expect(parseBudget('100,000')).toEqual({ steps: 100_000, error: null });
    expect(parseBudget('0').error).not.toBeNull();
    expect(parseBudget('lots').error).not.toBeNull();
  });
});
