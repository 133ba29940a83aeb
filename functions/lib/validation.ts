import type { z } from 'zod';
import type { FieldError } from '../../shared/errors.ts';

/** Enough to fix a request; a flood of issues would only help someone probe the schema. */
const MAX_FIELD_ERRORS = 20;
const SAFE_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Zod issues as problem `errors[]`. Messages are rebuilt from the schema (expected type, bounds,
 * allowed values), never taken from zod's defaults, some of which quote the input. Path segments
 * that are not plain field names (record keys are input) are masked as `*`.
 */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.slice(0, MAX_FIELD_ERRORS).map((issue) => ({
    path: fieldPath(issue.path),
    code: issue.code,
    message: messageFor(issue),
  }));
}

/** A path as `a.b.0.c`, with segments that are not plain field names (they are input) masked. */
export function fieldPath(segments: readonly PropertyKey[]): string {
  return segments.map(safeSegment).join('.');
}

function safeSegment(segment: PropertyKey): string {
  if (typeof segment === 'number') return String(segment);
  return typeof segment === 'string' && SAFE_SEGMENT.test(segment) ? segment : '*';
}

function messageFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${unit(issue.origin)}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${unit(issue.origin)}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`.slice(0, 300);
    case 'unrecognized_keys':
      return 'contains fields that are not allowed';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'custom':
      // Custom messages are written by schema authors as fixed strings (documented contract).
      return issue.message;
    default:
      return 'is invalid';
  }
}

function unit(origin: string): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array' || origin === 'set') return ' items';
  return '';
}
