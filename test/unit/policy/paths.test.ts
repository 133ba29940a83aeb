/**
 * The released payload's groups are made by `groupOf` (issue 15: no computed-key literal per
 * group). A member name is pack data, but whatever it is, it must become an own member.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupOf, writeField } from '../../../shared/policy/paths.ts';

describe('groupOf', () => {
  it('makes a plain object whose only own member is the one named, for any name', () => {
    // Prepare: any name (the dangerous ones among them) and any JSON value
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString')),
        fc.jsonValue(),
        (name, value) => {
          // Act
          const group = groupOf(name, value);

          // Assess
          expect(Object.getPrototypeOf(group)).toBe(Object.prototype);
          expect(Object.keys(group)).toEqual([name]);
          expect(Object.getOwnPropertyDescriptor(group, name)?.value).toBe(value);
        },
      ),
    );
  });

  it('keeps `__proto__` a member, never the prototype, when writeField starts a group', () => {
    // Prepare
    const released: Record<string, unknown> = {};

    // Act
    writeField(released, 'patient.__proto__', { polluted: true });

    // Assess
    const patient = released['patient'] as Record<string, unknown>;
    expect(Object.getPrototypeOf(patient)).toBe(Object.prototype);
    expect(Object.keys(patient)).toEqual(['__proto__']);
    expect((patient as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
