import { KioskError } from '../../../contracts/errors.js';
import type { HandlerTable } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import type { BackendClient } from '../backend-client.js';
import { serviceById } from '../service-catalog.js';
import type { Session } from '../session.js';

/** What the back end answers to a lookup (`POST /v1/lookups/<query>`, docs/protocol.md §4). */
interface BackendLookup {
  summary: Record<string, string | number>;
  rows: Record<string, string | number>[];
}

export interface LookupDeps {
  services: readonly ServiceDefinition[];
  session: Pick<Session, 'identified'>;
  backend: Pick<BackendClient, 'post'>;
}

/** `lookup.query`: a service's lookup step asks the back end about the identified citizen. */
export function createLookupHandlers(d: LookupDeps): HandlerTable<'lookup.query'> {
  return {
    'lookup.query': async (p, signal) => {
      const step = serviceById(d.services, p.serviceId).steps.find((s) => s.id === p.stepId);
      if (!step || step.type !== 'lookup') throw new KioskError('bad-request', `${p.serviceId}: no lookup step "${p.stepId}"`);
      const identity = d.session.identified('lookup.query');
      // Only the parameters the step names go to the back end, whatever else the renderer sent.
      const params: Record<string, string> = {};
      for (const k of step.params) params[k] = p.params[k] ?? '';
      try {
        const r = await d.backend.post<BackendLookup>(`/v1/lookups/${encodeURIComponent(step.query)}`, { idNumber: identity.idNumber, params }, signal);
        return { notFound: false, summary: r.body.summary ?? {}, rows: r.body.rows ?? [] };
      } catch (e) {
        if (e instanceof KioskError && e.code === 'not-found') return { notFound: true, summary: {}, rows: [] };
        throw e;
      }
    },
  };
}
