/**
 * Searching notifications to earlier recipients (reviews.md §5): records staff work the list, and
 * auditors check it. Each search is an `audit.read` entry in the org log with the query and never
 * the results, written before anything is read, so no search goes unlogged.
 */
import type { JsonValue } from '../audit/entry.ts';
import { notificationView, type Notification } from '../notifications/model.ts';
import { pageOfNotifications } from '../notifications/queue.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { Clock } from '../ports/clock.ts';
import type { RecordsStore } from '../ports/records-store.ts';
import type { NotificationSearchBody } from '../schemas/notifications.ts';
import type { Caller } from './admin-service.ts';
import { entryHeader, orgLogOrigin } from './audit-entries.ts';
import type { ReadRequest } from './review-queue.ts';

export interface NotificationQueueDeps {
  readonly records: Pick<RecordsStore, 'read' | 'notificationPatients'>;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly deployment: string;
}

export class NotificationQueue {
  readonly #deps: NotificationQueueDeps;

  constructor(deps: NotificationQueueDeps) {
    this.#deps = deps;
  }

  async search(reader: Caller, request: ReadRequest, body: NotificationSearchBody) {
    const { cursor: _cursor, ...filters } = body;
    await this.#logRead(reader, request, {
      endpoint: 'notifications.search',
      ...(filters as Record<string, JsonValue>),
      ...(body.cursor ? { continued: true } : {}),
    });
    const nowMs = this.#deps.clock.now();
    const { page, nextCursor } = pageOfNotifications(
      await this.#notificationsOf(reader.org, body.patientId),
      body,
      nowMs,
    );
    return { notifications: page.map(notificationView), nextCursor };
  }

  /**
   * The org's notifications, read from the records of each patient that has any (the records are
   * where a notification's state is kept); only the one patient's when the search names one.
   */
  async #notificationsOf(org: string, patientId: string | undefined): Promise<Notification[]> {
    const index = await this.#deps.records.notificationPatients(org);
    const patients = new Set([...index.values()].filter((id) => patientId === undefined || id === patientId));
    const found: Notification[] = [];
    for (const id of patients) found.push(...(await this.#deps.records.read(org, id)).notifications);
    return found;
  }

  async #logRead(reader: Caller, request: ReadRequest, query: Record<string, JsonValue>): Promise<void> {
    const origin = orgLogOrigin(this.#deps.deployment, reader.org);
    const header = entryHeader({ origin, type: 'audit.read', org: reader.org, actor: reader, clock: this.#deps.clock });
    const entry = { ...header, ...(request.requestId ? { request } : {}), query };
    await this.#deps.audit.append({ origin, entry });
  }
}
