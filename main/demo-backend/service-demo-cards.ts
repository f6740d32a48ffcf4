import type { IdCard } from '../../contracts/devices.js';
import { DEMO_CARDS } from '../../drivers/sim/demo-cards.js';

/** The synthetic demo card with this ID number (the e-government QR code resolves to it). */
export function findDemoCardByIdNumber(idNumber: string): Omit<IdCard, 'photo' | 'warnings'> | undefined {
  return DEMO_CARDS.find((c) => c.card.idNumber === idNumber)?.card;
}
