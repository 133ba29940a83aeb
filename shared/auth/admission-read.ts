import type { ClientRecord } from '../ports/client-registry.ts';

/**
 * A read an operation makes anyway that can bring the calling client's registry record with it:
 * one round trip for both instead of two (issue 15). The verifier uses it only for a request whose
 * signature already verified against the record last read for its client (`KnownClients`), so a
 * stranger can never make it read more than a client's own record; it then reads the client
 * through `readClient` and admits on what that read says, exactly as on a read of its own. A cold
 * process, or a request the record last read would refuse, is read as always and `readClient` is
 * never called: the operation then reads its data on its own.
 */
export interface AdmissionRead {
  /** The client's record, read strongly consistent together with the operation's data. Called at most once. */
  readClient(org: string, clientId: string): Promise<ClientRecord | undefined>;
}
