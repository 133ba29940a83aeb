/**
 * TESTS ONLY. The soak's request mix, drawn from a seeded source: disclosures of every flow of the
 * UK pack (single and in batches), consents given and withdrawn, objections raised and withdrawn,
 * NDOP results, registrations, records reads, subject access and audit reads. Operations are drawn
 * one after another from one generator, so the sequence is a function of the seed alone.
 */
import type { ConsentScope, ObjectionScope } from '../../shared/records/model.ts';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { REGISTERED_NHS, fullPayload, request } from '../unit/policy/fixtures.ts';
import type { SeededRandom } from './random.ts';
import { UK_FLOW_SHAPES } from '../support/flow-shapes.ts';

export type OpKind =
  | 'disclosure'
  | 'batch'
  | 'consent'
  | 'withdrawConsent'
  | 'objection'
  | 'withdrawObjection'
  | 'ndop'
  | 'register'
  | 'records'
  | 'subjectAccess'
  | 'auditSearch'
  | 'auditCheckpoints'
  | 'auditEntries';

export interface SoakOp {
  readonly n: number;
  readonly kind: OpKind;
  /** Which kind of client sends it: clinical systems write and disclose, auditors read the log. */
  readonly role: 'clinical' | 'auditor';
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  readonly body?: unknown;
  readonly patientId?: string;
}

const MIX: Readonly<Record<OpKind, number>> = {
  disclosure: 36,
  batch: 6,
  consent: 8,
  withdrawConsent: 6,
  objection: 4,
  withdrawObjection: 3,
  ndop: 3,
  register: 2,
  records: 5,
  subjectAccess: 4,
  auditSearch: 8,
  auditCheckpoints: 8,
  auditEntries: 7,
};

const FLOWS = UK_FLOW_SHAPES;
const CONSENT_SCOPES: readonly ConsentScope[] = ['INSURER_CLAIM', 'INSURER_PREAUTH', 'PHIN_IDENTIFIERS', 'GP_SHARING'];
const OBJECTION_SCOPES: readonly ObjectionScope[] = [
  'INSURER',
  'GP',
  'PAYMENT',
  'DIRECT_CARE',
  'PHIN',
  'ALL_NON_MANDATORY',
];

interface PatientState {
  readonly patientId: string;
  readonly consents: string[];
  readonly objections: string[];
}

export class Workload {
  readonly #random: SeededRandom;
  readonly #tag: string;
  readonly #patients: PatientState[];
  readonly #origins: string[] = [];
  #n = 0;
  #requests = 0;

  constructor(random: SeededRandom, options: { patients: number; tag: string }) {
    this.#random = random;
    this.#tag = options.tag;
    this.#patients = Array.from({ length: options.patients }, (_, i) => ({
      patientId: `SOAK-${options.tag}-${i}`,
      consents: [],
      objections: [],
    }));
  }

  /** Registration, NDOP and one consent per scope for every patient: the baseline the mix runs on. */
  setup(): SoakOp[] {
    return this.#patients.flatMap((patient) => [
      this.#op('register', 'clinical', 'PUT', `/v1/patients/${patient.patientId}`, registration(), patient),
      this.#op(
        'ndop',
        'clinical',
        'PUT',
        `/v1/patients/${patient.patientId}/ndop`,
        { status: 'NOT_OPTED_OUT', checkedAt: new Date().toISOString() },
        patient,
      ),
      ...CONSENT_SCOPES.map((scope) => this.#consent(patient, scope)),
    ]);
  }

  /** Logs the audit reads may name (learnt from receipts as the run goes). */
  knowOrigin(origin: string): void {
    if (!this.#origins.includes(origin)) this.#origins.push(origin);
  }

  next(): SoakOp {
    const kind = this.#random.weighted(MIX);
    const patient = this.#random.pick(this.#patients);
    const base = `/v1/patients/${patient.patientId}`;
    const now = new Date().toISOString();
    switch (kind) {
      case 'disclosure':
        return this.#op(kind, 'clinical', 'POST', '/v1/disclosures', this.#disclosure(patient), patient);
      case 'batch': {
        const requests = Array.from({ length: this.#random.int(2, 5) }, () =>
          this.#disclosure(this.#random.pick(this.#patients)),
        );
        return this.#op(kind, 'clinical', 'POST', '/v1/disclosures/batch', { requests });
      }
      case 'consent':
        return this.#consent(patient, this.#random.pick(CONSENT_SCOPES));
      case 'withdrawConsent': {
        const consentId = patient.consents.shift();
        if (consentId === undefined) return this.#consent(patient, this.#random.pick(CONSENT_SCOPES));
        return this.#op(
          kind,
          'clinical',
          'POST',
          `${base}/consents/${consentId}/withdraw`,
          { at: now, recordedBy: 'staff-1' },
          patient,
        );
      }
      case 'objection': {
        const objectionId = `obj-${this.#tag}-${this.#n}`;
        patient.objections.push(objectionId);
        const body = { objectionId, scope: this.#random.pick(OBJECTION_SCOPES), at: now, recordedBy: 'staff-2' };
        return this.#op(kind, 'clinical', 'POST', `${base}/objections`, body, patient);
      }
      case 'withdrawObjection': {
        const objectionId = patient.objections.shift();
        if (objectionId === undefined)
          return this.#op('records', 'clinical', 'GET', `${base}/records`, undefined, patient);
        return this.#op(
          kind,
          'clinical',
          'POST',
          `${base}/objections/${objectionId}/withdraw`,
          { at: now, recordedBy: 'staff-2' },
          patient,
        );
      }
      case 'ndop':
        return this.#op(
          kind,
          'clinical',
          'PUT',
          `${base}/ndop`,
          { status: this.#random.chance(0.2) ? 'OPTED_OUT' : 'NOT_OPTED_OUT', checkedAt: now },
          patient,
        );
      case 'register':
        return this.#op(kind, 'clinical', 'PUT', base, registration(this.#random.pick(['Y01234', 'Y05678'])), patient);
      case 'records':
        return this.#op(kind, 'clinical', 'GET', `${base}/records`, undefined, patient);
      case 'subjectAccess':
        return this.#op(kind, 'clinical', 'GET', `${base}/disclosures`, undefined, patient);
      case 'auditSearch':
        return this.#op(kind, 'auditor', 'POST', '/v1/audit/search', { patientId: patient.patientId, limit: 20 });
      case 'auditCheckpoints':
        return this.#op(kind, 'auditor', 'GET', '/v1/audit/checkpoints');
      case 'auditEntries': {
        if (this.#origins.length === 0) return this.#op('auditCheckpoints', 'auditor', 'GET', '/v1/audit/checkpoints');
        return this.#op(kind, 'auditor', 'POST', '/v1/audit/entries', {
          origin: this.#random.pick(this.#origins),
          start: 0,
          limit: 20,
        });
      }
    }
  }

  #consent(patient: PatientState, scope: ConsentScope): SoakOp {
    const consentId = `cons-${this.#tag}-${this.#n}`;
    patient.consents.push(consentId);
    const body = {
      consentId,
      scope,
      status: 'GIVEN',
      form: 'WRITTEN',
      evidenceRef: 'scan-1',
      capturedBy: 'staff-1',
      at: new Date().toISOString(),
    };
    return this.#op('consent', 'clinical', 'POST', `/v1/patients/${patient.patientId}/consents`, body, patient);
  }

  #disclosure(patient: PatientState): DisclosureRequest {
    const flow = this.#random.pick(FLOWS);
    const payload = fullPayload();
    return request({
      requestId: `req-${this.#tag}-${this.#requests++}`,
      patientId: patient.patientId,
      recipientId: flow.recipientId,
      purpose: flow.purpose,
      subPurpose: flow.subPurpose ?? null,
      episode: {
        id: `EP-${this.#tag}-${this.#random.int(1, 50)}`,
        type: 'APC_DAYCASE',
        funding: flow.funding,
        payerId: flow.payerId ?? null,
        referralSourceOds: flow.referralSourceOds ?? null,
      },
      instrument: flow.instrument === undefined ? null : { ref: flow.instrument },
      patientContext: { capacity: flow.capacity ?? 'HAS' },
      payload: { ...payload, patient: { ...payload.patient, localId: patient.patientId } },
    });
  }

  #op(
    kind: OpKind,
    role: SoakOp['role'],
    method: SoakOp['method'],
    path: string,
    body?: unknown,
    patient?: PatientState,
  ): SoakOp {
    const n = this.#n++;
    return {
      n,
      kind,
      role,
      method,
      path,
      ...(body === undefined ? {} : { body }),
      ...(patient ? { patientId: patient.patientId } : {}),
    };
  }
}

function registration(gp = 'Y01234') {
  return { identifiers: [{ system: 'NHS_NUMBER', value: REGISTERED_NHS }], registeredGpOds: gp };
}
