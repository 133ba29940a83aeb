/**
 * Object keys of the audit archive (docs/archive-layout.md). The layout is a contract with the
 * offline verifier and with auditors' own tools: change it only with a new layout version.
 *
 *   <origin>/entries/<index, 15 digits>.json      the canonical (JCS) entry bytes exactly as hashed
 *   <origin>/nodes/<level>-<index>.bin            a sealed interior node: its 32 raw hash bytes
 *   <origin>/checkpoints/<size, 15 digits>.txt    the signed checkpoint note exactly as stored
 *
 * The origin (`<deployment>/<org>/<log>`) is used as it is, so it spans several path segments.
 */
export const ARCHIVE_LAYOUT_VERSION = 'gk-archive/1';

const PAD = 15;

export const ENTRIES_DIR = 'entries';
export const NODES_DIR = 'nodes';
export const CHECKPOINTS_DIR = 'checkpoints';

export const archiveKeys = Object.freeze({
  entry: (origin: string, index: number) => `${origin}/${ENTRIES_DIR}/${padded(index)}.json`,
  node: (origin: string, level: number, index: number) => `${origin}/${NODES_DIR}/${level}-${index}.bin`,
  checkpoint: (origin: string, size: number) => `${origin}/${CHECKPOINTS_DIR}/${padded(size)}.txt`,
});

export function padded(value: number): string {
  return String(value).padStart(PAD, '0');
}

/** The number in an entry or checkpoint file name (`000000000000042.json` → 42), else undefined. */
export function numberOfFileName(name: string, extension: '.json' | '.txt'): number | undefined {
  if (!name.endsWith(extension)) return undefined;
  const digits = name.slice(0, -extension.length);
  return /^[0-9]{15}$/.test(digits) ? Number(digits) : undefined;
}
