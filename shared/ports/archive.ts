import { GatekeeperError } from '../errors.ts';

/**
 * The write-once copy of the audit log (audit.md §7): S3 with Object Lock in AWS, a folder locally.
 * Keys follow docs/archive-layout.md. A put of an object that already exists with the same bytes
 * succeeds (re-delivery is normal); with different bytes it throws ArchiveConflictError.
 */
export interface ArchiveWriter {
  put(key: string, body: Uint8Array | string): Promise<void>;
}

/** An archived object already holds other bytes: the archive is never overwritten (tampering or a bug). */
export class ArchiveConflictError extends GatekeeperError {
  readonly code = 'archive_conflict' as const;
  readonly key: string;

  constructor(key: string) {
    super(`The archive already holds different content at ${key}`);
    this.key = key;
  }
}

/** An archive key outside the layout (absolute, empty or `..` segments): refused before any write. */
export class ArchiveKeyError extends GatekeeperError {
  readonly code = 'archive_key_invalid' as const;
}

/** A table item that looks like an audit item but lacks what its kind needs: retried, never skipped. */
export class MalformedAuditItemError extends GatekeeperError {
  readonly code = 'audit_item_malformed' as const;
}

/** The archive writer or its reader failed (S3, the file system). */
export class ArchiveUnavailableError extends GatekeeperError {
  readonly code = 'archive_unavailable' as const;
}

export function bodyBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

/** Keys are `/`-separated relative paths with no empty, `.` or `..` segment. */
export function assertArchiveKey(key: string): void {
  const segments = key.split('/');
  if (
    key.length === 0 ||
    key.length > 1024 ||
    segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'))
  ) {
    throw new ArchiveKeyError('An archive key is a relative path without empty, "." or ".." segments');
  }
}
