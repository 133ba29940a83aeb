import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { bytesEqual } from '../../audit/encoding.ts';
import {
  ArchiveConflictError,
  ArchiveUnavailableError,
  assertArchiveKey,
  bodyBytes,
  type ArchiveWriter,
} from '../../ports/archive.ts';

/**
 * The local archive: one file per object under `root`, laid out as docs/archive-layout.md says.
 * Write-once like the S3 bucket's Object Lock: a file is written to a temporary name, fsynced, and
 * published with link(2), which fails if the name exists, so no reader ever sees a partial file and
 * nothing is ever replaced. An existing file with the same bytes is accepted (idempotent); with
 * other bytes the put throws ArchiveConflictError.
 */
export class FsArchiveWriter implements ArchiveWriter {
  readonly #root: string;

  constructor(root: string) {
    this.#root = resolve(root);
  }

  get root(): string {
    return this.#root;
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    assertArchiveKey(key);
    const bytes = bodyBytes(body);
    const path = join(this.#root, ...key.split('/'));
    try {
      if (await sameContent(path, bytes, key)) return;
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temp, bytes, { flag: 'wx', mode: 0o400, flush: true });
      try {
        await link(temp, path);
      } catch (error) {
        // Someone published this key between our check and our link: accept only the same bytes.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await sameContent(path, bytes, key))) throw error;
      } finally {
        await unlink(temp).catch(() => undefined);
      }
    } catch (error) {
      if (error instanceof ArchiveConflictError) throw error;
      throw new ArchiveUnavailableError('The archive folder could not be written', { cause: error });
    }
  }
}

/** True when the file holds exactly `bytes`, false when it does not exist; conflict otherwise. */
async function sameContent(path: string, bytes: Uint8Array, key: string): Promise<boolean> {
  let existing: Uint8Array;
  try {
    existing = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (!bytesEqual(existing, bytes)) throw new ArchiveConflictError(key);
  return true;
}
