/**
 * Swedish patient records (policy-se.md §2, §9): blocks (spärrar) and their permanent lifts, the
 * latest national spärr check, and care relations attested by the recipient caregiver. Each write
 * is one audited change (se-records-write.ts), idempotent on the record id: the same id with
 * another body is a 409, a retry answers with the first entry's receipt.
 */
import { canonicalize } from '../canonical-json.ts';
import { NotFoundError, ValidationFailedError } from '../errors.ts';
import { validateHsaId } from '../identifiers/index.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { RecordsSnapshotWithReceipts } from '../ports/records-store.ts';
import type { Block, CareRelation, SparrCheck } from '../records/se-model.ts';
import type {
  AddCareRelationBody,
  EndCareRelationBody,
  LiftBlockBody,
  PlaceBlockBody,
  PutSparrCheckBody,
} from '../schemas/se-records.ts';
import { IdempotencyConflictError } from './errors.ts';
import { instantAsRecorded, recordedInstant } from './records-checks.ts';
import type { Caller } from './records-service.ts';
import { writeSwedishRecord, type SwedishRecordsDeps, type SwedishStep } from './se-records-write.ts';

type Json = { readonly [field: string]: string };

function refused(path: string, code: string, message: string): ValidationFailedError {
  return new ValidationFailedError([{ path, code, message }]);
}

/** INRE names its unit (a valid HSA-id); YTTRE is the caregiver's own and names none. */
function checkBlockUnit(body: PlaceBlockBody): void {
  if (body.kind === 'INRE' && body.careUnitId === undefined)
    throw refused('careUnitId', 'SE_BLOCK_UNIT_REQUIRED', 'an inner block names its care unit');
  if (body.kind === 'YTTRE' && body.careUnitId !== undefined)
    throw refused('careUnitId', 'SE_BLOCK_UNIT_NOT_ALLOWED', 'an outer block names no care unit');
  if (body.careUnitId !== undefined && !validateHsaId(body.careUnitId).ok)
    throw refused('careUnitId', 'ID_SE_HSA_FORMAT', 'must be an HSA-id');
}

function withoutUndefined(value: object): Json {
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function receiptOf(snapshot: RecordsSnapshotWithReceipts, sk: string, closed = false): Receipt {
  const stored = snapshot.seReceipts?.get(sk);
  const receipt = closed ? stored?.closedReceipt : stored?.receipt;
  if (!receipt) throw new Error('A stored record has no receipt');
  return receipt;
}

export class SwedishRecordsService {
  readonly #deps: SwedishRecordsDeps;

  constructor(deps: SwedishRecordsDeps) {
    this.#deps = deps;
  }

  async placeBlock(caller: Caller, patientId: string, body: PlaceBlockBody, digest: string) {
    checkBlockUnit(body);
    const { expiresAt, careUnitId, evidenceRef, ...rest } = body;
    const block: Block = {
      ...rest,
      ...(careUnitId !== undefined ? { careUnitId } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      ...(evidenceRef !== undefined ? { evidenceRef } : {}),
    };
    const sk = `BLOCK#${block.blockId}`;
    return this.#write(caller, patientId, digest, (snapshot): SwedishStep<{ block: Block; receipt: Receipt }> => {
      const existing = snapshot.blocks?.find((candidate) => candidate.blockId === block.blockId);
      if (existing) {
        const { lifted: _lifted, ...asPlaced } = existing;
        if (canonicalize(asPlaced) !== canonicalize(block)) throw conflict('block');
        return { done: { block: existing, receipt: receiptOf(snapshot, sk) } };
      }
      return {
        type: 'record.block.placed',
        record: withoutUndefined({ ...block }),
        requestId: block.blockId,
        recordWrite: { kind: 'BLOCK', id: block.blockId, mode: 'add', record: block },
        result: (receipt) => ({ block, receipt }),
      };
    });
  }

  /**
   * Permanent: a lifted block never becomes active again; lifting it again answers with the first
   * lift. A lift is recorded once it has happened: one dated further ahead of now than a caller's
   * clock skew is refused (AT_IN_FUTURE), one within it is recorded at now.
   */
  async liftBlock(caller: Caller, patientId: string, blockId: string, body: LiftBlockBody, digest: string) {
    const sk = `BLOCK#${blockId}`;
    return this.#write(caller, patientId, digest, (snapshot): SwedishStep<{ block: Block; receipt: Receipt }> => {
      const existing = snapshot.blocks?.find((candidate) => candidate.blockId === blockId);
      if (!existing) throw new NotFoundError('No such block');
      if (existing.lifted) return { done: { block: existing, receipt: receiptOf(snapshot, sk, true) } };
      if (body.at < existing.at) throw refused('at', 'WITHDRAWAL_BEFORE_RECORD', 'must not be before the block');
      // The gate keeps the block in force until the lift's `at`; the spärr promise, from its place in the log.
      const at = recordedInstant('at', body.at, this.#deps.clock.now());
      const block: Block = { ...existing, lifted: { ...body, at } };
      return {
        type: 'record.block.lifted',
        record: withoutUndefined({ blockId, at, recordedBy: body.recordedBy, reason: body.reason }),
        requestId: blockId,
        recordWrite: { kind: 'BLOCK', id: blockId, mode: 'withdraw', record: block },
        result: (receipt) => ({ block, receipt }),
      };
    });
  }

  /**
   * The latest check wins: one older than the check on record is refused, as is one dated further
   * ahead of now than a caller's clock skew (one within it is recorded at now).
   */
  async putSparrCheck(caller: Caller, patientId: string, body: PutSparrCheckBody, digest: string) {
    return this.#write(
      caller,
      patientId,
      digest,
      (snapshot): SwedishStep<{ sparrCheck: SparrCheck; receipt: Receipt }> => {
        // A reading already taken: one dated ahead would refuse every real reading older than it meanwhile.
        const check: SparrCheck = {
          ...body,
          checkedAt: recordedInstant('checkedAt', body.checkedAt, this.#deps.clock.now()),
        };
        const current = snapshot.sparrCheck;
        if (current && check.checkedAt < current.checkedAt)
          throw refused('checkedAt', 'SE_SPARR_CHECK_OLDER_THAN_RECORDED', 'a later spärr check is already recorded');
        const asSent = current && { ...body, checkedAt: instantAsRecorded(body.checkedAt, current.checkedAt) };
        if (current && snapshot.sparrCheckReceipt && canonicalize(current) === canonicalize(asSent))
          return { done: { sparrCheck: current, receipt: snapshot.sparrCheckReceipt } };
        return {
          type: 'record.sparr.checked',
          record: { ...check },
          requestId: patientId,
          set: { sparrCheck: check },
          metaReceipt: 'sparrCheckReceipt',
          result: (receipt) => ({ sparrCheck: check, receipt }),
        };
      },
    );
  }

  async addCareRelation(caller: Caller, patientId: string, body: AddCareRelationBody, digest: string) {
    const recipient = await this.#deps.registry.getRecipient(caller.org, body.recipientId);
    if (recipient?.category !== 'SE_VARDGIVARE')
      throw refused('recipientId', 'RECIPIENT_UNKNOWN', 'is not a registered SE_VARDGIVARE recipient');
    const { to, ...rest } = body;
    const relation: CareRelation = { ...rest, ...(to !== undefined ? { to } : {}) };
    const sk = `CARE_RELATION#${relation.relationId}`;
    return this.#write(
      caller,
      patientId,
      digest,
      (snapshot): SwedishStep<{ careRelation: CareRelation; receipt: Receipt }> => {
        const existing = snapshot.careRelations?.find((candidate) => candidate.relationId === relation.relationId);
        if (existing) {
          const { ended: _ended, ...asRecorded } = existing;
          if (canonicalize(asRecorded) !== canonicalize(relation)) throw conflict('care relation');
          return { done: { careRelation: existing, receipt: receiptOf(snapshot, sk) } };
        }
        return {
          type: 'record.carerelation.recorded',
          record: withoutUndefined({ ...relation }),
          requestId: relation.relationId,
          recordWrite: { kind: 'CARE_RELATION', id: relation.relationId, mode: 'add', record: relation },
          result: (receipt) => ({ careRelation: relation, receipt }),
        };
      },
    );
  }

  async endCareRelation(
    caller: Caller,
    patientId: string,
    relationId: string,
    body: EndCareRelationBody,
    digest: string,
  ) {
    const sk = `CARE_RELATION#${relationId}`;
    return this.#write(
      caller,
      patientId,
      digest,
      (snapshot): SwedishStep<{ careRelation: CareRelation; receipt: Receipt }> => {
        const existing = snapshot.careRelations?.find((candidate) => candidate.relationId === relationId);
        if (!existing) throw new NotFoundError('No such care relation');
        if (existing.ended) return { done: { careRelation: existing, receipt: receiptOf(snapshot, sk, true) } };
        if (body.at < existing.from) throw refused('at', 'WITHDRAWAL_BEFORE_RECORD', 'must not be before the relation');
        const careRelation: CareRelation = { ...existing, ended: { ...body } };
        return {
          type: 'record.carerelation.ended',
          record: { relationId, at: body.at, recordedBy: body.recordedBy },
          requestId: relationId,
          recordWrite: { kind: 'CARE_RELATION', id: relationId, mode: 'withdraw', record: careRelation },
          result: (receipt) => ({ careRelation, receipt }),
        };
      },
    );
  }

  #write<R>(
    caller: Caller,
    patientId: string,
    digest: string,
    plan: (snapshot: RecordsSnapshotWithReceipts) => SwedishStep<R>,
  ) {
    return writeSwedishRecord(this.#deps, caller, patientId, digest, plan);
  }
}

function conflict(kind: string): IdempotencyConflictError {
  return new IdempotencyConflictError(`This ${kind} id was already recorded with different content`);
}
