/** Holds a decision (from decide() or over HTTP) to a policy-se.md §8 scenario's expectation. */
import { expect } from 'vitest';
import type { SeExpectation } from './se-scenarios.ts';

export interface AnswerLike {
  readonly decision: string;
  readonly reasonCodes: readonly string[];
  readonly obligations: readonly string[];
  readonly transformations: ReadonlyArray<{ readonly path: string; readonly action: string; readonly reason: string }>;
  readonly basis?: unknown;
  readonly payload?: Record<string, unknown>;
}

function fieldOf(path: string): string {
  return path.replace(/\[\d+\].*$/u, '');
}

function released(payload: Record<string, unknown> | undefined, path: string): unknown {
  const [group = '', field = ''] = fieldOf(path).split('.');
  const members = payload?.[group] as Record<string, unknown> | undefined;
  return members?.[field];
}

function releasedPaths(payload: Record<string, unknown> | undefined): string[] {
  return Object.entries(payload ?? {})
    .flatMap(([group, fields]) => Object.keys(fields as Record<string, unknown>).map((field) => `${group}.${field}`))
    .sort();
}

export function assessSeAnswer(answer: AnswerLike, expected: SeExpectation): void {
  expect(answer.decision).toBe(expected.decision);
  expect(answer.reasonCodes[0]).toBe(expected.first);
  for (const code of expected.includes ?? []) expect(answer.reasonCodes).toContain(code);
  for (const code of expected.excludes ?? []) expect(answer.reasonCodes).not.toContain(code);
  for (const code of expected.obligations ?? []) expect(answer.obligations).toContain(code);
  for (const path of expected.kept ?? []) {
    expect(released(answer.payload, path), path).toBeDefined();
    expect(answer.transformations.filter((row) => row.path === path)).toEqual([]);
  }
  for (const [path, reason] of Object.entries(expected.dropped ?? {})) {
    const rows = answer.transformations.filter((row) => row.path === path && row.action === 'DROPPED');
    expect(rows, path).toHaveLength(1);
    if (typeof reason === 'string') expect(rows[0]?.reason).toBe(reason);
  }
  if (expected.secrecy !== undefined) expect(answer.basis).toMatchObject({ secrecy: expected.secrecy });
  if (expected.releasedExactly) expect(releasedPaths(answer.payload)).toEqual([...expected.releasedExactly].sort());
  for (const [path, value] of Object.entries(expected.releasedValues ?? {}))
    expect(released(answer.payload, path), path).toEqual(value);
  if (expected.decision === 'DENY' || expected.decision === 'REFER') expect(answer.payload).toBeUndefined();
}
