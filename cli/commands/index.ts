import type { Command } from '../command.ts';
import { auditCommand } from './audit.ts';
import { bootstrapCommand } from './bootstrap.ts';
import { clientsCommand } from './clients.ts';
import { discloseCommand } from './disclose.ts';
import { explainCommand } from './explain.ts';
import { keysCommand } from './keys.ts';
import { phinCommand } from './phin.ts';
import { patientCommand } from './patient.ts';
import { requestCommand } from './request.ts';
import { reviewsCommand } from './reviews.ts';
import { notificationsCommand } from './notifications.ts';

/** Every CLI command. A new command is a file in this folder and one row here. */
export const COMMANDS: readonly Command[] = Object.freeze([
  keysCommand,
  requestCommand,
  bootstrapCommand,
  discloseCommand,
  explainCommand,
  patientCommand,
  auditCommand,
  phinCommand,
  clientsCommand,
  reviewsCommand,
  notificationsCommand,
]);
