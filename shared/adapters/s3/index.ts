export { S3ArchiveWriter, type S3ArchiveWriterOptions } from './archive-writer.ts';
