import type { IdCard } from '../../../contracts/devices.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';

/** The value of an identity field for a form field's `prefill` (host side only: never sent to the renderer). */
export function identityValue(card: IdCard, source: string): string | null {
  switch (source) {
    case 'identity.name':
      return card.name;
    case 'identity.idNumber':
      return card.idNumber;
    case 'identity.address':
      return card.address;
    case 'identity.gender':
      return card.gender;
    case 'identity.birthDate':
      return card.birthDate;
    default:
      return null;
  }
}

/**
 * The form data with every field the definition prefills from the identity filled in on the host:
 * the renderer only ever saw those values masked, so whatever it sent for them is replaced.
 */
export function withPrefilledFields(def: ServiceDefinition, identity: IdCard, data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  for (const step of def.steps) {
    if (step.type !== 'form') continue;
    for (const f of step.fields) if (f.prefill) out[f.name] = identityValue(identity, f.prefill);
  }
  return out;
}
