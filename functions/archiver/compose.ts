import { FsArchiveWriter } from '../../shared/adapters/fs/archive-writer.ts';
import { S3ArchiveWriter } from '../../shared/adapters/s3/archive-writer.ts';
import { ConfigError, type Config } from '../../shared/config/config.ts';
import { ENV } from '../../shared/config/environment.ts';
import type { ArchiveWriter } from '../../shared/ports/archive.ts';
import { ArchiveService } from '../../shared/services/archive-service.ts';
import { functionBasics, type FunctionBasics, type SdkClients } from '../basics.ts';

export interface ArchiverDependencies extends FunctionBasics {
  readonly archive: ArchiveService;
}

/**
 * The archiver's composition root: the AuditLog stream into the WORM archive (audit.md §7), in S3
 * in AWS, in the archive folder when only a directory is configured (the local stack). Without
 * either the function stops at cold start, never with a batch in hand.
 */
export function composeArchiver(config: Config, clients: Pick<SdkClients, 's3'>): ArchiverDependencies {
  return { ...functionBasics(config), archive: new ArchiveService(archiveWriterOf(config, clients)) };
}

function archiveWriterOf({ archive }: Config, { s3 }: Pick<SdkClients, 's3'>): ArchiveWriter {
  if (archive.bucket) return new S3ArchiveWriter({ client: s3, bucket: archive.bucket });
  if (archive.dir) return new FsArchiveWriter(archive.dir);
  throw new ConfigError(`Invalid configuration: neither ${ENV.archiveBucket} nor ${ENV.archiveDir} is set`);
}
