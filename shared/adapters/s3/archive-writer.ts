import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import {
  ArchiveConflictError,
  ArchiveUnavailableError,
  assertArchiveKey,
  bodyBytes,
  type ArchiveWriter,
} from '../../ports/archive.ts';

export interface S3ArchiveWriterOptions {
  readonly client: Pick<S3Client, 'send'>;
  readonly bucket: string;
}

/**
 * The AWS archive: one object per entry, node and checkpoint in the Object Lock bucket. Encryption
 * (SSE-KMS) and COMPLIANCE retention are the bucket's defaults, so nothing per object can weaken
 * them. Each put carries its SHA-256 (S3 rejects a body that does not match, and Object Lock
 * requires an integrity checksum) and `If-None-Match: *`, so an object is created once and never
 * gets a second version. When it already exists, its stored SHA-256 is compared: the same bytes are
 * an idempotent re-delivery, other bytes an ArchiveConflictError (needs s3:GetObject for HeadObject).
 */
export class S3ArchiveWriter implements ArchiveWriter {
  readonly #client: Pick<S3Client, 'send'>;
  readonly #bucket: string;

  constructor(options: S3ArchiveWriterOptions) {
    this.#client = options.client;
    this.#bucket = options.bucket;
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    assertArchiveKey(key);
    const bytes = bodyBytes(body);
    const checksum = createHash('sha256').update(bytes).digest('base64');
    try {
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Body: bytes,
          ContentType: contentTypeOf(key),
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: checksum,
          IfNoneMatch: '*',
        }),
      );
      return;
    } catch (error) {
      if (statusOf(error) !== 412)
        throw new ArchiveUnavailableError('The archive bucket refused the object', { cause: error });
    }
    await this.#assertSame(key, checksum);
  }

  async #assertSame(key: string, checksum: string): Promise<void> {
    let stored: string | undefined;
    try {
      const head = await this.#client.send(
        new HeadObjectCommand({ Bucket: this.#bucket, Key: key, ChecksumMode: 'ENABLED' }),
      );
      stored = head.ChecksumSHA256;
    } catch (error) {
      throw new ArchiveUnavailableError('The archived object could not be compared', { cause: error });
    }
    if (stored === undefined) throw new ArchiveUnavailableError(`${key} is archived without a SHA-256 checksum`);
    if (stored !== checksum) throw new ArchiveConflictError(key);
  }
}

function contentTypeOf(key: string): string {
  if (key.endsWith('.json')) return 'application/json';
  if (key.endsWith('.txt')) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException
    ? error.$metadata.httpStatusCode
    : (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}
