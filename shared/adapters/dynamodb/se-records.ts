/**
 * The Swedish part of a patient's partition (policy-se.md §2): block and care-relation items
 * (`BLOCK#<id>`, `CARE_RELATION#<id>`, written like consents, their lift or end like a withdrawal),
 * registerutdrag items (`REGISTERUTDRAG#<id>`, written once)
 * and META's latest spärr check and employers. The manifest check covers them as any record item.
 */
import type { Receipt } from '../../ports/audit-log.ts';
import type { Block, CareRelation, RegisterutdragRecord, SparrCheck, SwedishRecords } from '../../records/se-model.ts';
import type { StoredItem } from './records-manifest.ts';

type SwedishSnapshot = SwedishRecords & {
  seReceipts: Map<string, { receipt: Receipt; closedReceipt?: Receipt }>;
  sparrCheckReceipt?: Receipt;
};

export function swedishRecordsOf(meta: StoredItem | undefined, records: readonly StoredItem[]): SwedishSnapshot {
  const of = (prefix: string) => records.filter((item) => String(item['sk']).startsWith(prefix));
  const blocks = of('BLOCK#');
  const relations = of('CARE_RELATION#');
  const utdrag = of('REGISTERUTDRAG#');
  const seReceipts = new Map(
    [...blocks, ...relations, ...utdrag].map((item) => [
      String(item['sk']),
      {
        receipt: item['receipt'] as Receipt,
        ...(item['withdrawnReceipt'] ? { closedReceipt: item['withdrawnReceipt'] as Receipt } : {}),
      },
    ]),
  );
  const employers = meta?.['employerRecipientIds'];
  return {
    blocks: blocks.map((item) => item['record'] as Block),
    careRelations: relations.map((item) => item['record'] as CareRelation),
    registerutdrag: utdrag.map((item) => item['record'] as RegisterutdragRecord),
    ...(Array.isArray(employers) ? { employerRecipientIds: employers.map(String) } : {}),
    ...(meta?.['sparrCheck'] ? { sparrCheck: meta['sparrCheck'] as SparrCheck } : {}),
    ...(meta?.['sparrCheckReceipt'] ? { sparrCheckReceipt: meta['sparrCheckReceipt'] as Receipt } : {}),
    seReceipts,
  };
}
