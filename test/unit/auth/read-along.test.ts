import { describe, expect, it } from 'vitest';
import type { ClientRecord } from '../../../shared/ports/client-registry.ts';
import { RecipientWithClient } from '../../../shared/registry/read-along.ts';
import { MemoryRegistryStore } from '../../support/memory/memory-registry-store.ts';

const CLIENT: ClientRecord = {
  clientId: 'epr',
  org: 'demo',
  name: 'EPR',
  scopes: ['disclosure:check'],
  status: 'ACTIVE',
  keys: [],
  version: 1,
};

function registry(): MemoryRegistryStore {
  return new MemoryRegistryStore()
    .putClient(CLIENT)
    .putRecipient({ recipientId: 'gp-1', org: 'demo', name: 'GP', category: 'GP', odsCode: 'Y01234' })
    .putRecipient({ recipientId: 'gp-2', org: 'other', name: 'GP', category: 'GP', odsCode: 'Y05678' });
}
const body = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

describe('RecipientWithClient', () => {
  it('reads the recipient the body names with the client, and hands it over for that recipient only', async () => {
    // Prepare
    const along = new RecipientWithClient(registry(), body({ recipientId: 'gp-1', patientId: 'MRN-1' }));
    // Act
    const client = await along.readClient('demo', 'epr');
    // Assess
    expect(client).toEqual(CLIENT);
    expect((await along.recipient('demo', 'gp-1'))?.odsCode).toBe('Y01234');
    expect(along.recipient('demo', 'gp-2')).toBeUndefined();
    expect(along.recipient('other', 'gp-1')).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"recipientId":'],
    ['no recipientId', { patientId: 'MRN-1' }],
    ['a recipientId that is no id', { recipientId: 'gp 1/../x' }],
    ['a recipientId that is not a string', { recipientId: 7 }],
    ['JSON null', 'null'],
  ])('reads the client alone for a body with %s, and hands over nothing', async (_case, value) => {
    // Prepare
    const along = new RecipientWithClient(registry(), body(value));
    // Act
    const client = await along.readClient('demo', 'epr');
    // Assess
    expect(client).toEqual(CLIENT);
    expect(along.recipient('demo', 'gp-1')).toBeUndefined();
  });
});
