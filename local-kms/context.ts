/** What every operation handler gets: the keys, the open import sessions, and a way to save. */
import type { ImportSessions } from './operations/import-sessions.ts';
import type { KeyStore } from './key-store.ts';
import type { KmsRequest } from './request.ts';

export interface KmsContext {
  readonly store: KeyStore;
  readonly imports: ImportSessions;
  /** Saves the state file (if any); handlers that change keys or aliases await it before answering. */
  persist(): Promise<void>;
}

export type OperationHandler = (context: KmsContext, request: KmsRequest) => object | Promise<object>;
