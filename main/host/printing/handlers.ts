import createDebug from 'debug';
import { shortCaseNumber } from '../../../contracts/case-number.js';
import type { KioskConfig } from '../../../contracts/config.js';
import { KioskError, toErrorData } from '../../../contracts/errors.js';
import type { HandlerTable } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import type { DeviceHub } from '../../../drivers/hub.js';
import { queueTicket, serviceReceipt } from '../../../documents/receipts/templates.js';
import type { BackendClient } from '../backend-client.js';
import { serviceById } from '../service-catalog.js';
import { lookupReceipt } from '../service-receipts.js';
import type { Session } from '../session.js';
import type { SessionSubmissions } from '../submission/session-submissions.js';

const log = createDebug('kiosk:printing');

/** What the back end answers to `POST /v1/queue-tickets` (docs/protocol.md §4). */
interface BackendTicket {
  number: string;
  window: string;
  windowEn: string;
  peopleAhead: number;
  issuedAt: string;
}

export interface PrintingDeps {
  config: Pick<KioskConfig, 'kioskId' | 'hall'>;
  services: readonly ServiceDefinition[];
  session: Pick<Session, 'current'>;
  submissions: Pick<SessionSubmissions, 'get'>;
  backend: Pick<BackendClient, 'post'>;
  hub: Pick<DeviceHub, 'receiptPrinter'>;
}

type PrintingMethod = 'printer.status' | 'printer.printReceipt' | 'printer.printTicket';

/** A receipt or ticket takes at most this long to print before the citizen is told it failed. */
const PRINT_TIMEOUT_MS = 30_000;

/** The label of the option `value` of the service's queue-choice field (print-ticket's `queueField`). */
export function chosenOption(def: ServiceDefinition, value: string): { 'zh-CN': string; en: string } | undefined {
  const ticket = def.steps.find((s) => s.type === 'print-ticket');
  if (!ticket || ticket.type !== 'print-ticket') return undefined;
  for (const s of def.steps) {
    if (s.type !== 'form') continue;
    const f = s.fields.find((x) => x.name === ticket.queueField);
    const o = f?.options?.find((x) => x.value === value);
    if (o) return o.label;
  }
  return undefined;
}

/** The receipt printer's slips: a submission's receipt, a lookup's printout, a queue ticket. */
export function createPrintingHandlers(d: PrintingDeps): HandlerTable<PrintingMethod> {
  const { config } = d;
  const printer = () => d.hub.receiptPrinter.service;
  return {
    'printer.status': async (_p, signal) => printer().readPrinterStatus({ timeoutMs: 3000, signal }),
    'printer.printReceipt': async (p, signal) => {
      const def = serviceById(d.services, p.serviceId);
      const identity = d.session.current();
      let doc;
      if (p.submissionId) {
        // Only a receipt of this session's own submissions: never another citizen's case.
        const sub = d.submissions.get(p.submissionId);
        if (!sub || sub.serviceId !== p.serviceId) throw new KioskError('bad-request', 'printer.printReceipt: no such submission in this session');
        doc = serviceReceipt({
          serviceName: def.name[p.locale],
          locale: p.locale,
          timeZone: config.hall.timeZone,
          at: sub.at,
          kioskId: config.kioskId,
          applicantName: identity?.name ?? '',
          caseNumber: shortCaseNumber(p.submissionId, config.kioskId),
          progressUrl: `https://zwfw.example.gov.cn/progress/${encodeURIComponent(p.submissionId)}`,
          savedOffline: !sub.online,
          hallName: config.hall.name,
        });
      } else if (p.lookup) {
        doc = lookupReceipt({ hallName: config.hall.name, serviceName: def.name[p.locale], title: p.lookup.title, at: new Date(), kioskId: config.kioskId, applicantName: identity?.name ?? null, lines: p.lookup.lines, locale: p.locale, timeZone: config.hall.timeZone });
      } else {
        throw new KioskError('bad-request', 'printer.printReceipt: give submissionId or lookup');
      }
      const out = await printer().print(doc, { timeoutMs: PRINT_TIMEOUT_MS, signal });
      return { jobId: out.jobId };
    },
    'printer.printTicket': async (p, signal) => {
      const def = serviceById(d.services, p.serviceId);
      const r = await d.backend.post<BackendTicket>('/v1/queue-tickets', { queue: p.queue }, signal);
      const t = r.body;
      try {
        await printer().print(
          queueTicket({
            number: t.number,
            window: p.locale === 'en' ? t.windowEn : t.window,
            peopleAhead: t.peopleAhead,
            // The ticket names the business chosen for it (the option's label), not the ticket service.
            serviceName: chosenOption(def, p.queue)?.[p.locale] ?? def.name[p.locale],
            at: t.issuedAt,
            kioskId: config.kioskId,
            hallName: config.hall.name,
            locale: p.locale,
            timeZone: config.hall.timeZone,
          }),
          { timeoutMs: PRINT_TIMEOUT_MS, signal },
        );
        return { ...t, printed: true, printError: null };
      } catch (e) {
        // The number is taken either way: the screen shows it so the citizen is not sent away empty-handed.
        log('ticket %s not printed: %s', t.number, (e as Error).message);
        return { ...t, printed: false, printError: toErrorData(e) };
      }
    },
  };
}
