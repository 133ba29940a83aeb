export { FsArchiveReader } from './archive-reader.ts';
export { FsArchiveWriter } from './archive-writer.ts';
