import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { S3ServiceException } from '@aws-sdk/client-s3';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCheckpoint } from '../../shared/audit/checkpoint.ts';
import { rootOfLeaves } from '../../shared/audit/merkle.ts';
import { verifyConsistency } from '../../shared/audit/verify-proofs.ts';
import { FsArchiveReader } from '../../shared/adapters/fs/archive-reader.ts';
import { FsArchiveWriter } from '../../shared/adapters/fs/archive-writer.ts';
import { S3ArchiveWriter } from '../../shared/adapters/s3/archive-writer.ts';
import { ArchiveConflictError } from '../../shared/ports/archive.ts';
import { archiveKeys } from '../../shared/services/archive-layout.ts';
import { archiveAll, archiveSince, type ArchiveProgress } from '../../shared/services/archive-sweep.ts';
import { startLocalCheckpointTimer } from '../../infra/local/checkpoint-timer.ts';
import { origin, startAuditFixture, type AuditFixture } from './checkpointer-fixture.ts';

const A = origin('p3');
const B = origin('org');
const temp = mkdtempSync(join(tmpdir(), 'gk-archive-'));
const sweepDir = join(temp, 'sweep');
const streamDir = join(temp, 'stream');

let fx: AuditFixture;
let progress: ArchiveProgress;

beforeAll(async () => {
  fx = await startAuditFixture({ archiveDir: streamDir });
  // A: checkpoints at 5 and 11 (so proofs cross sealed nodes), then an uncheckpointed tail; B: one at 3.
  await Promise.all([fx.append(A, 5), fx.append(B, 3)]);
  await fx.service.run();
  await fx.append(A, 6);
  await fx.service.run();
  await fx.append(A, 2);
});

afterAll(async () => {
  await fx?.close();
  rmSync(temp, { recursive: true, force: true });
});

function files(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(relative(root, path), readFileSync(path).toString('hex'));
    }
  };
  walk(root);
  return out;
}

describe('archive sweep (local mode) and reader', () => {
  it('archives everything, and the archive alone verifies every checkpoint', async () => {
    // Act
    const sweep = await archiveAll({ store: fx.store, writer: new FsArchiveWriter(sweepDir), pageSize: 4 });
    progress = sweep.progress;

    // Assess
    expect(progress).toEqual({ [A]: { size: 13, checkpoint: 11 }, [B]: { size: 3, checkpoint: 3 } });

    const reader = new FsArchiveReader(sweepDir);
    expect(await reader.listOrigins()).toEqual([A, B].sort());
    for (const log of [A, B]) {
      const vkey = await fx.service.verifierKey(log);
      const checkpoints = (await reader.checkpoints(log)).map((note) => verifyCheckpoint(note, [vkey], log));
      expect(checkpoints.map((c) => c.size)).toEqual(log === A ? [5, 11] : [3]);
      for (const checkpoint of checkpoints) {
        const entries = await reader.entries(log, 0, checkpoint.size);
        expect(entries).toHaveLength(checkpoint.size);
        expect(Buffer.from(rootOfLeaves(entries))).toEqual(Buffer.from(checkpoint.rootHash));
      }
      // Byte for byte what the table holds, and the tail after the last checkpoint is archived too.
      const stored = await fx.store.entries(log, 0, 100);
      expect((await reader.entries(log, 0, 100)).map((b) => Buffer.from(b).toString())).toEqual(
        stored.map((e) => e.entry),
      );
    }
  });

  it('proves consistency between archived checkpoints from archived nodes alone', async () => {
    // Prepare
    const reader = new FsArchiveReader(sweepDir);
    const vkey = await fx.service.verifierKey(A);
    const [old, now] = (await reader.checkpoints(A)).map((note) => verifyCheckpoint(note, [vkey], A));

    // Act
    const proof = await reader.consistencyProof(A, old!.size, now!.size);

    // Assess
    expect(proof.length).toBeGreaterThan(0);
    expect(verifyConsistency(old!.size, now!.size, proof, old!.rootHash, now!.rootHash)).toBe(true);
  });

  it('archives incrementally: only what is new, nothing twice', async () => {
    // Prepare
    await fx.append(B, 2);
    await fx.service.run();

    // Act
    const writer = new FsArchiveWriter(sweepDir);
    const next = await archiveSince({ store: fx.store, writer }, progress);

    // Assess
    // B 3→5: entries 3 and 4, the nodes leaf 3 sealed ((1,1) and (2,0)) and the checkpoint of 5;
    // A grew no entries, but its archived tail (13) is now checkpointed: one more note.
    expect(next.written).toBe(2 + 2 + 1 + 1);
    expect(next.progress).toEqual({ [A]: { size: 13, checkpoint: 13 }, [B]: { size: 5, checkpoint: 5 } });
    expect((await archiveSince({ store: fx.store, writer }, next.progress)).written).toBe(0);
    progress = next.progress;
  });

  it('reports a log with a gap below its head and still archives the other logs', async () => {
    // Prepare
    const gapDir = mkdtempSync(join(tmpdir(), 'gk-archive-gap-'));
    // A store whose log A lost its entry 2: reads of A stop there, as a deleted item would.
    const damaged = {
      ...fx.store,
      listHeads: fx.store.listHeads.bind(fx.store),
      nodeSource: fx.store.nodeSource.bind(fx.store),
      checkpointCovering: fx.store.checkpointCovering.bind(fx.store),
      entries: async (o: string, start: number, limit: number) => {
        const entries = await fx.store.entries(o, start, limit);
        return o === A ? entries.filter((e) => e.index < 2) : entries;
      },
    };

    // Act
    const sweep = await archiveAll({ store: damaged, writer: new FsArchiveWriter(gapDir), pageSize: 4 });

    // Assess
    expect(sweep.failed.map((f) => [f.origin, (f.error as { code?: string }).code])).toEqual([
      [A, 'audit_item_malformed'],
    ]);
    expect(sweep.progress[B]).toEqual({ size: 5, checkpoint: 5 });
    expect(sweep.progress[A]?.size).toBe(2);
  });
});

describe('FsArchiveWriter', () => {
  it('is write-once: same bytes are accepted, other bytes are refused and the file is unchanged', async () => {
    // Prepare
    const root = join(temp, 'worm');
    const writer = new FsArchiveWriter(root);
    const key = archiveKeys.checkpoint(A, 1);

    // Act
    await writer.put(key, 'note\n');
    await writer.put(key, new TextEncoder().encode('note\n'));

    // Act / Assess
    await expect(writer.put(key, 'forged\n')).rejects.toBeInstanceOf(ArchiveConflictError);
    expect(readFileSync(join(root, key), 'utf8')).toBe('note\n');
    expect(readdirSync(dirname(join(root, key)))).toEqual([`${'1'.padStart(15, '0')}.txt`]);
    await expect(writer.put('../outside', 'x')).rejects.toMatchObject({ code: 'archive_key_invalid' });
    await expect(writer.put('/abs/key', 'x')).rejects.toMatchObject({ code: 'archive_key_invalid' });
  });
});

describe('archiver handler (DynamoDB stream)', () => {
  let event: DynamoDBStreamEvent;

  beforeAll(async () => {
    // Every AuditLog item as the stream would carry it: the marshalled NEW_IMAGE of its insert.
    const items: Array<Record<string, AttributeValue>> = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await fx.db.doc.send(
        new ScanCommand({ TableName: fx.db.tables.AuditLog, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    event = {
      Records: items.map((image, i) => ({
        eventID: `e${i}`,
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: {
          Keys: { pk: image['pk']!, sk: image['sk']! },
          NewImage: image,
          SequenceNumber: String(1000 + i),
          StreamViewType: 'NEW_IMAGE',
        },
      })) as DynamoDBStreamEvent['Records'],
    };
  });

  it('writes the same objects as the sweep', async () => {
    // Prepare
    const { handler } = await import('../../functions/archiver/handler.ts');

    // Act / Assess
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(files(streamDir)).toEqual(files(sweepDir));
    // Re-delivery of the whole batch is harmless.
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
  });

  it('reports exactly the record that failed, so it is retried and never skipped', async () => {
    // Prepare
    const { handler } = await import('../../functions/archiver/handler.ts');
    // A conflicting object already sits where one checkpoint goes: that put fails, the others do not.
    const victim = event.Records.find((r) => r.dynamodb!.NewImage!['pk']!.S === `C#${B}`)!;
    const key = archiveKeys.checkpoint(B, Number(victim.dynamodb!.NewImage!['sk']!.N));
    const path = join(streamDir, key);
    rmSync(path);
    writeFileSync(path, 'not the note\n');

    // Act
    const result = await handler(event);

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: victim.dynamodb!.SequenceNumber }]);
  });
});

describe('S3ArchiveWriter', () => {
  const sha = (text: string) => createHash('sha256').update(text).digest('base64');
  const preconditionFailed = () =>
    new S3ServiceException({
      name: 'PreconditionFailed',
      $fault: 'client',
      $metadata: { httpStatusCode: 412 },
      message: 'At least one of the pre-conditions you specified did not hold',
    });

  function fakeS3(options: { put?: () => never; stored?: string }) {
    const sent: Array<{ name: string; input: Record<string, unknown> }> = [];
    return {
      sent,
      client: {
        send: (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
          sent.push({ name: command.constructor.name, input: command.input });
          if (command.constructor.name === 'PutObjectCommand')
            return options.put ? Promise.resolve().then(options.put) : Promise.resolve({});
          return Promise.resolve({ ChecksumSHA256: options.stored });
        },
      } as never,
    };
  }

  it('creates the object once, with its SHA-256, leaving encryption and retention to the bucket', async () => {
    // Prepare
    const s3 = fakeS3({});

    // Act
    await new S3ArchiveWriter({ client: s3.client, bucket: 'archive' }).put(archiveKeys.entry(A, 0), '{"a":1}');

    // Assess
    expect(s3.sent.map((s) => s.name)).toEqual(['PutObjectCommand']);
    expect(s3.sent[0]!.input).toMatchObject({
      Bucket: 'archive',
      Key: archiveKeys.entry(A, 0),
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: sha('{"a":1}'),
      IfNoneMatch: '*',
    });
    expect(s3.sent[0]!.input).not.toHaveProperty('ObjectLockMode');
    expect(s3.sent[0]!.input).not.toHaveProperty('ServerSideEncryption');
  });

  it('accepts an existing object with the same SHA-256 and refuses one with another', async () => {
    // Prepare
    const same = fakeS3({
      put: () => {
        throw preconditionFailed();
      },
      stored: sha('x'),
    });

    // Act
    await new S3ArchiveWriter({ client: same.client, bucket: 'archive' }).put('k/x.txt', 'x');

    // Assess
    expect(same.sent.map((s) => s.name)).toEqual(['PutObjectCommand', 'HeadObjectCommand']);
    expect(same.sent[1]!.input).toMatchObject({ ChecksumMode: 'ENABLED' });

    // Prepare
    const other = fakeS3({
      put: () => {
        throw preconditionFailed();
      },
      stored: sha('y'),
    });

    // Act / Assess
    await expect(
      new S3ArchiveWriter({ client: other.client, bucket: 'archive' }).put('k/x.txt', 'x'),
    ).rejects.toBeInstanceOf(ArchiveConflictError);

    // Prepare
    const down = fakeS3({
      put: () => {
        throw new Error('socket hang up');
      },
    });

    // Act / Assess
    await expect(
      new S3ArchiveWriter({ client: down.client, bucket: 'archive' }).put('k/x.txt', 'x'),
    ).rejects.toMatchObject({ code: 'archive_unavailable' });
  });
});

describe('local checkpoint timer (what the local stack runs)', () => {
  it('signs and then archives into GK_ARCHIVE_DIR, resuming from what it archived', async () => {
    // Prepare
    const dir = join(temp, 'timer');
    const timer = startLocalCheckpointTimer({
      environment: { ...fx.environment, GK_ARCHIVE_DIR: dir },
      intervalMs: 3_600_000,
    });
    try {
      await fx.append(B, 1);

      // Act / Assess
      expect((await timer.runNow()).signed).toEqual([{ origin: B, size: 6 }]);
      const reader = new FsArchiveReader(dir);
      const notes = await reader.checkpoints(B);
      const vkey = await fx.service.verifierKey(B);
      expect(notes.map((note) => verifyCheckpoint(note, [vkey], B).size)).toEqual([3, 5, 6]);
      expect(await reader.entries(B, 0, 100)).toHaveLength(6);
      expect((await timer.runNow()).signed).toEqual([]);
    } finally {
      await timer.stop();
    }
  });
});
