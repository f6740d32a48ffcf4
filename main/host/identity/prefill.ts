import type { IdCard } from '../../../contracts/devices.js';

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
