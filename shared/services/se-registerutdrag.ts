/**
 * Registerutdrag (policy-se.md §9, seed 003): on the patient's signed request, the list of every
 * decision about them, as subject access lists it (`GET …/disclosures`), with how many extracts
 * this calendar year and whether this one is free. The issue is one audited write, idempotent on
 * `utdragId`, logged BEFORE the list is answered: a list that leaves is always on record.
 */
import { canonicalize } from '../canonical-json.ts';
import { NotFoundError } from '../errors.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { RecordsSnapshotWithReceipts } from '../ports/records-store.ts';
import type { PolicyCatalogue } from '../policy/catalogue.ts';
import { SE_DEFAULT_SWITCHES } from '../policy/se-switches.ts';
import { seSwitches } from '../policy/switches.ts';
import type { RegisterutdragRecord } from '../records/se-model.ts';
import type { RegisterutdragBody } from '../schemas/se-records.ts';
import { IdempotencyConflictError } from './errors.ts';
import type { DisclosureHistoryItem } from './records-history.ts';
import type { Caller, RecordsService } from './records-service.ts';
import { writeSwedishRecord, type SwedishRecordsDeps, type SwedishStep } from './se-records-write.ts';

export interface RegisterutdragDeps extends SwedishRecordsDeps {
  /** Subject access, whose pages the extract lists in full. */
  readonly history: Pick<RecordsService, 'listDisclosures'>;
  /** The packs, to read `registerutdrag.freePerCalendarYear` of the org's SE pack (else its default). */
  readonly packs?: PolicyCatalogue;
}

export interface RegisterutdragAnswer {
  readonly receipt: Receipt;
  readonly calendarYear: number;
  readonly countThisYear: number;
  readonly free: boolean;
  readonly disclosures: readonly DisclosureHistoryItem[];
}

/** The largest page subject access serves: the extract reads every page. */
const PAGE = 500;
const STOCKHOLM_YEAR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', year: 'numeric' });

/** The Swedish calendar year of an instant: 2026-12-31T23:30Z is already 2027 in Stockholm. */
export function swedishCalendarYear(instant: string): number {
  return Number(STOCKHOLM_YEAR.format(new Date(instant)));
}

export class RegisterutdragService {
  readonly #deps: RegisterutdragDeps;

  constructor(deps: RegisterutdragDeps) {
    this.#deps = deps;
  }

  async issue(
    caller: Caller,
    patientId: string,
    body: RegisterutdragBody,
    digest: string,
  ): Promise<RegisterutdragAnswer> {
    const freePerYear = await this.#freePerCalendarYear(caller.org);
    const { utdrag, receipt } = await writeSwedishRecord(this.#deps, caller, patientId, digest, (snapshot) =>
      planIssue(snapshot, body, freePerYear),
    );
    return {
      receipt,
      calendarYear: utdrag.calendarYear,
      countThisYear: utdrag.countThisYear,
      free: utdrag.free,
      disclosures: await this.#everyDisclosure(caller, patientId),
    };
  }

  /** Subject access in full: every page, newest first, as `GET …/disclosures` lists them. */
  async #everyDisclosure(caller: Caller, patientId: string): Promise<DisclosureHistoryItem[]> {
    const all: DisclosureHistoryItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#deps.history.listDisclosures(caller, patientId, {
        limit: PAGE,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      all.push(...page.disclosures);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return all;
  }

  async #freePerCalendarYear(org: string): Promise<number> {
    const organisation = await this.#deps.registry.getOrganisation(org);
    const choice = organisation && this.#deps.packs?.choose(organisation, 'SE');
    return choice?.covered === true
      ? seSwitches(choice.policy.document.switches)['registerutdrag.freePerCalendarYear']
      : SE_DEFAULT_SWITCHES['registerutdrag.freePerCalendarYear'];
  }
}

/**
 * The extract on the snapshot the write reads: counted with those of its calendar year already
 * recorded, so a concurrent one (a lost race re-plans on the new snapshot) never gets the same count.
 */
function planIssue(
  snapshot: RecordsSnapshotWithReceipts,
  body: RegisterutdragBody,
  freePerYear: number,
): SwedishStep<{ utdrag: RegisterutdragRecord; receipt: Receipt }> {
  if (snapshot.version === 0) throw new NotFoundError('No such patient');
  const earlier = snapshot.registerutdrag ?? [];
  const existing = earlier.find((candidate) => candidate.utdragId === body.utdragId);
  if (existing) {
    if (canonicalize(asRequested(existing)) !== canonicalize(body))
      throw new IdempotencyConflictError('This utdragId was already issued with different content');
    const receipt = snapshot.seReceipts?.get(`REGISTERUTDRAG#${body.utdragId}`)?.receipt;
    if (!receipt) throw new Error('A stored record has no receipt');
    return { done: { utdrag: existing, receipt } };
  }
  const calendarYear = swedishCalendarYear(body.requestedAt);
  const countThisYear = earlier.filter((utdrag) => utdrag.calendarYear === calendarYear).length + 1;
  const utdrag: RegisterutdragRecord = { ...body, calendarYear, countThisYear, free: countThisYear <= freePerYear };
  return {
    type: 'record.registerutdrag.issued',
    record: { ...utdrag },
    requestId: utdrag.utdragId,
    recordWrite: { kind: 'REGISTERUTDRAG', id: utdrag.utdragId, mode: 'add', record: utdrag },
    result: (receipt) => ({ utdrag, receipt }),
  };
}

function asRequested(utdrag: RegisterutdragRecord): RegisterutdragBody {
  return {
    utdragId: utdrag.utdragId,
    requestedAt: utdrag.requestedAt,
    form: utdrag.form,
    recordedBy: utdrag.recordedBy,
  };
}
