/**
 * Key layout of the audit table: entries, sealed interior nodes and checkpoints of each log live
 * in their own partition, all written once. Level-0 nodes are not stored separately: a leaf hash
 * is an attribute of its entry item.
 */
export const auditKeys = Object.freeze({
  entryPartition: (origin: string) => `E#${origin}`,
  nodePartition: (origin: string) => `N#${origin}`,
  checkpointPartition: (origin: string) => `C#${origin}`,
});
