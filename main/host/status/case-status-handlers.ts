import { isValidCaseNumber } from '../../../contracts/case-number.js';
import type { HandlerTable } from '../../../contracts/protocol.js';
import type { QueueService } from '../queue-service.js';

/** `case.status`: the citizen's status query by case number, answered from this kiosk's outbox. */
export function createCaseStatusHandlers(d: { queue: Pick<QueueService, 'findCase'> }): HandlerTable<'case.status'> {
  return {
    'case.status': async (p) => {
      if (!isValidCaseNumber(p.caseNumber)) return { valid: false, members: [] };
      return {
        valid: true,
        members: d.queue.findCase(p.caseNumber).map((m) => ({ serviceId: m.serviceId, state: m.state, receiptNo: m.receiptNo, refused: m.state === 'dead', reason: m.reason })),
      };
    },
  };
}
