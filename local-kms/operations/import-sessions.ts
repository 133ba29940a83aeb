/**
 * Open key-material imports: each GetParametersForImport makes a fresh RSA wrapping key and an
 * opaque token naming it. Kept in memory only (KMS tokens expire after 24 hours anyway), so a
 * restart simply means asking for new parameters.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { ExpiredImportTokenError, InvalidImportTokenError } from '../errors.ts';

export interface ImportSession {
  readonly keyId: string;
  readonly wrappingKey: KeyObject;
  readonly oaepHash: 'sha1' | 'sha256';
  readonly expiresAt: number;
}

/** How long KMS import parameters stay valid. */
export const IMPORT_VALIDITY_MS = 24 * 60 * 60 * 1000;

export class ImportSessions {
  private readonly sessions = new Map<string, ImportSession>();

  open(session: ImportSession): Buffer {
    this.pruneExpired();
    const token = randomBytes(64);
    this.sessions.set(token.toString('base64'), session);
    return token;
  }

  /** The session a token names, for the key it was issued for. */
  find(token: Buffer, keyId: string, now = Date.now()): ImportSession {
    const session = this.sessions.get(token.toString('base64'));
    if (!session || session.keyId !== keyId) {
      throw new InvalidImportTokenError('The import token is not valid for this key.');
    }
    if (session.expiresAt <= now) throw new ExpiredImportTokenError('The import token has expired.');
    return session;
  }

  private pruneExpired(now = Date.now()): void {
    for (const [token, session] of this.sessions) {
      if (session.expiresAt <= now) this.sessions.delete(token);
    }
  }
}
