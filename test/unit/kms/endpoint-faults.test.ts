import {
  CreateKeyCommand,
  DisabledException,
  KMSInternalException,
  KMSServiceException,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf, sdkClient, startKmsFixture, type KmsFixture } from './helpers.ts';

let fixture: KmsFixture;
beforeAll(async () => {
  fixture = await startKmsFixture();
});
afterEach(() => fixture.kms.faults.clear());
afterAll(async () => fixture.stop());

const listAliases = () => fixture.client.send(new ListAliasesCommand({}));

describe('injected faults', () => {
  it('throttle answers ThrottlingException with status 400', async () => {
    // Prepare
    fixture.kms.faults.inject({ mode: 'throttle' });

    // Act
    const error = await rejectionOf(listAliases());

    // Assess
    expect(error).toBeInstanceOf(KMSServiceException);
    expect(error.name).toBe('ThrottlingException');
    expect((error as KMSServiceException).$metadata.httpStatusCode).toBe(400);
  });

  it('a throttle the SDK retries past succeeds on the next attempt', async () => {
    // Prepare
    const retrying = sdkClient(fixture.kms.url, 2);
    fixture.kms.faults.inject({ mode: 'throttle', times: 1 });

    // Act
    const output = await retrying.send(new ListAliasesCommand({}));
    retrying.destroy();

    // Assess
    expect(output.$metadata.attempts).toBe(2);
  });

  it('error answers KMSInternalException with status 500', async () => {
    // Prepare
    fixture.kms.faults.inject({ mode: 'error' });

    // Act
    const error = await rejectionOf(listAliases());

    // Assess
    expect(error).toBeInstanceOf(KMSInternalException);
    expect((error as KMSInternalException).$metadata.httpStatusCode).toBe(500);
  });

  it('disabled answers DisabledException with status 400, as a disabled key does', async () => {
    // Prepare
    fixture.kms.faults.inject({ mode: 'disabled' });

    // Act
    const error = await rejectionOf(listAliases());

    // Assess
    expect(error).toBeInstanceOf(DisabledException);
    expect((error as DisabledException).$metadata.httpStatusCode).toBe(400);
  });

  it('hits only the named operation, and only `times` times', async () => {
    // Prepare
    fixture.kms.faults.inject({ operation: 'CreateKey', mode: 'error', times: 1 });

    // Act
    const unaffected = await listAliases();
    const first = await rejectionOf(fixture.client.send(new CreateKeyCommand({})));
    const second = await fixture.client.send(new CreateKeyCommand({}));

    // Assess
    expect(unaffected.Aliases).toBeDefined();
    expect(first).toBeInstanceOf(KMSInternalException);
    expect(second.KeyMetadata?.KeyId).toBeDefined();
  });

  it('delay answers after delayMs', async () => {
    // Prepare
    fixture.kms.faults.inject({ operation: 'ListAliases', mode: 'delay', delayMs: 300 });
    const started = performance.now();

    // Act
    await listAliases();

    // Assess
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('clear removes every fault', async () => {
    // Prepare
    fixture.kms.faults.inject({ mode: 'error' });

    // Act
    fixture.kms.faults.clear();

    // Assess
    await expect(listAliases()).resolves.toMatchObject({ Truncated: false });
  });

  it('refuses a malformed fault', () => {
    // Act / Assess
    expect(() => fixture.kms.faults.inject({ mode: 'delay' })).toThrow(/delayMs/);
    expect(() => fixture.kms.faults.inject({ mode: 'explode' } as never)).toThrow();
  });
});

describe('faults over HTTP (for tests in another process)', () => {
  it('POST /_faults injects and DELETE /_faults clears', async () => {
    // Act
    const posted = await fetch(`${fixture.kms.url}/_faults`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'throttle', operation: 'ListAliases' }),
    });
    const whileInjected = await rejectionOf(listAliases());
    const deleted = await fetch(`${fixture.kms.url}/_faults`, { method: 'DELETE' });
    const afterClear = await listAliases();

    // Assess
    expect([posted.status, deleted.status]).toEqual([204, 204]);
    expect(whileInjected.name).toBe('ThrottlingException');
    expect(afterClear.Aliases).toBeDefined();
  });

  it('answers 400 with the reason for a malformed fault', async () => {
    // Act
    const response = await fetch(`${fixture.kms.url}/_faults`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'delay', times: 0 }),
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'InvalidFaultException' });
  });
});
