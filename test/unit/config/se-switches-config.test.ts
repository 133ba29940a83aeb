/**
 * policy-se.md §7 switches from GK_POLICY_SWITCHES: the Swedish pack's switches go under its id,
 * are parsed once at start-up into the typed config, and reach `se-default` wherever it is loaded
 * (decisions and registration); an unknown switch or a bad value stops the function at start-up
 * naming the switch, never the value. Each switch is taken at each of its values.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../shared/config/config.ts';
import { ENV, type FunctionEnvironment } from '../../../shared/config/environment.ts';
import { loadPolicy } from '../../../shared/policy/pack.ts';
import { SE_DEFAULT } from '../../../shared/policy/se-default/index.ts';
import { seSwitchesSchema, type SeSwitches } from '../../../shared/policy/se-switches.ts';
import { seSwitches, switchValues, ukSwitches, type SwitchName } from '../../../shared/policy/switches.ts';
import { packsOf, swedishPolicyOf } from '../../../functions/policies.ts';
import { deployedEnvironment } from '../../support/deployed-environment.ts';

function deployed(switches: unknown): FunctionEnvironment {
  return deployedEnvironment({ [ENV.policySwitches]: JSON.stringify(switches) });
}

function rejectionOf(switches: unknown): string {
  try {
    parseConfig(deployed(switches));
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

type SeName = keyof SeSwitches;
const NUMERIC_VALUES: Partial<Record<SeName, readonly unknown[]>> = {
  'se.sparr.maxAgeHours': [24, 1.5, 720, 'none'],
  'se.inreSparr.maxLiftDays': [1, 7, 30],
  'retention.years': [5, 10, 30],
  'registerutdrag.freePerCalendarYear': [1, 2],
};
const BAD_VALUES: Record<SeName, unknown> = {
  'se.providerType': 'MUNICIPAL',
  'se.yttreSparr.overridable': 'true',
  'se.sparrServiceUnavailable': 'ALLOW',
  'se.sparr.maxAgeHours': 0,
  'se.inreSparr.maxLiftDays': 31,
  'se.inreSparr.appliesToInsurer': 1,
  'se.direct.consentRequired': null,
  'se.kvalitetsregister.objectionErases': 'no',
  'se.register.invalidIdentifier': 'KEEP',
  'se.police': 'ALLOW',
  'insurer.art9Basis': 'IMPLIED_CONSENT',
  'retention.years': 4,
  'registerutdrag.freePerCalendarYear': 0,
  'explanations.defaultLanguage': 'de',
};

/** Every (switch, value) of the Swedish catalogue: each enum or boolean value, and numbers across their range. */
const EVERY_VALUE = (Object.keys(seSwitchesSchema.shape) as SeName[]).flatMap((name) =>
  (NUMERIC_VALUES[name] ?? switchValues(name as SwitchName)!.map(parsedValue)).map((value) => [name, value] as const),
);

function parsedValue(text: string): unknown {
  return text === 'true' ? true : text === 'false' ? false : text;
}

describe('GK_POLICY_SWITCHES reaches se-default', () => {
  it.each(EVERY_VALUE)('%s = %j is parsed at start-up and is the value the loaded Swedish pack runs', (name, value) => {
    // Act
    const config = parseConfig(deployed({ 'nhs.allowTestRange': true, 'se-default': { [name]: value } }));
    const pack = swedishPolicyOf(config);

    // Assess
    expect(config.swedishSwitches).toEqual({ [name]: value });
    expect(seSwitches(pack.document.switches)[name]).toEqual(value);
    expect(pack.digest).toBe(loadPolicy(SE_DEFAULT, { [name]: value }).digest);
  });

  it('keeps the UK switches top-level and apart: each pack of the catalogue gets its own', () => {
    // Act
    const config = parseConfig(deployed({ 'retention.years': 9, 'se-default': { 'retention.years': 11 } }));
    const [uk, se] = packsOf(config).all();

    // Assess
    expect(config.policySwitches).toEqual({ 'retention.years': 9 });
    expect(Object.isFrozen(config.swedishSwitches)).toBe(true);
    expect(ukSwitches(uk!.document.switches)['retention.years']).toBe(9);
    expect(seSwitches(se!.document.switches)['retention.years']).toBe(11);
  });

  it('runs se-default on its own defaults when nothing is set for it', () => {
    // Act
    const config = parseConfig(deployed({ 'nhs.allowTestRange': true }));

    // Assess
    expect(config.swedishSwitches).toEqual({});
    expect(swedishPolicyOf(config).digest).toBe(loadPolicy(SE_DEFAULT).digest);
  });

  it.each(Object.entries(BAD_VALUES))(
    'refuses %s = %j at start-up, naming the switch and not the value',
    (name, value) => {
      // Act
      const message = rejectionOf({ 'se-default': { [name]: value } });

      // Assess
      expect(message).toContain(`${ENV.policySwitches}.se-default.${name}`);
      expect(message).not.toContain(JSON.stringify(value));
    },
  );

  it.each([
    ['an unknown Swedish switch', { 'se-default': { 'se.sparr.maxAge': 24 } }, 'se.sparr.maxAge'],
    ['a Swedish switch at the top level, where the UK ones are', { 'se.police': 'DENY' }, 'se.police'],
    ['a UK switch under se-default', { 'se-default': { 'nhs.allowTestRange': true } }, 'nhs.allowTestRange'],
    ['a pack the deployment does not run', { 'se-custom': {} }, 'se-custom'],
  ])('refuses %s at start-up, naming it', (_case, switches, name) => {
    // Act
    const message = rejectionOf(switches);

    // Assess
    expect(message).toContain(ENV.policySwitches);
    expect(message).toContain(`unknown: ${name}`);
  });

  it('refuses se-default switches that are not an object', () => {
    // Act / Assess
    expect(rejectionOf({ 'se-default': 'se.police=DENY' })).toContain(`${ENV.policySwitches}.se-default`);
  });
});
