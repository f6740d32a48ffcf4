import type { SsCardHolder, SsCardType } from '../../../contracts/sscard.js';
import { KioskError } from '../../../contracts/errors.js';
import { SW, swHex } from '../codec/apdu.js';
import { PBOC_AIDS, PPSE_NAME, PSE_NAME, SSSE_DF_NAME, readRecord, selectByName, selectEf, selectMf } from '../codec/commands.js';
import { exchange, type Transmit } from '../codec/exchange.js';
import { EF05, EF06, FIELD_OF_TAG, OPTIONAL, TAG, WANTED, decodeHolder, decodeText } from '../codec/fields.js';
import { parseSimpleTlv, type Tlv } from '../codec/tlv.js';
import { authenticateCard, type PsamSlot } from '../psam/psam-slot.js';

export interface CardReadResult {
  cardType: SsCardType;
  /** Only for `sscard`. */
  holder: SsCardHolder | null;
}

/** Record numbers tried per file: 2.0 cards number EF06's records from 08, 3.0 cards from 01. */
const MAX_RECORD = 24;

/**
 * Identify the card and read its basic data: SELECT the social security application by its DF
 * name; if the card has none, tell a bank card (PBOC/EMV directory or application) from a blank
 * card (not even a master file) and any other card. Only SELECT and READ RECORD are sent, and
 * GET CHALLENGE + EXTERNAL AUTHENTICATE when a file needs a PSAM and one is configured; without
 * one, the withheld fields are listed in `psamRequired` (identification then fails with
 * `psam-required`, the rest of the card still shows in diagnostics).
 */
export async function readSocialSecurityCard(transmit: Transmit, apduTimeoutMs: number, psam: PsamSlot | null = null): Promise<CardReadResult> {
  const send = (cmd: Uint8Array) => exchange(transmit, cmd, { timeoutMs: apduTimeoutMs });
  const select = (cmd: Uint8Array) => selectOk(exchange(transmit, cmd, { timeoutMs: apduTimeoutMs, fetchData: false }));
  if (!(await select(selectByName(SSSE_DF_NAME)))) return { cardType: await classifyOther(select), holder: null };

  const psamRequired: string[] = [];
  const ef05 = await readFile(send, select, EF05, 1, psamRequired);
  // Where EF06's records start is a guess from the spec version (2.x numbers them by tag from
  // 08, 3.x from 01); the fields are still found by tag, and a wrong guess costs only time.
  const version = ef05.get(TAG.specVersion);
  const v3 = version !== undefined && decodeText(version.value).startsWith('3');
  const withheld: string[] = [];
  let ef06 = await readFile(send, select, EF06, v3 ? 1 : 8, withheld);
  if (withheld.length && !psam) psamRequired.push(...withheld);
  if (withheld.length && psam) {
    // Withheld (6982): authenticate the terminal with the PSAM and read the file again.
    await authenticateCard(send, psam, ef05.get(TAG.cardIdentifier)?.value ?? new Uint8Array(0), apduTimeoutMs);
    ef06 = await readFile(send, select, EF06, v3 ? 1 : 8, psamRequired);
  }
  const holder = decodeHolder(ef05, ef06);
  holder.psamRequired = psamRequired;
  return { cardType: 'sscard', holder };
}

type Send = (cmd: Uint8Array) => ReturnType<typeof exchange>;
type Select = (cmd: Uint8Array) => Promise<boolean>;

/** A SELECT succeeded: `9000`, or `61xx` (its FCI waits for a GET RESPONSE we do not need). */
async function selectOk(answer: ReturnType<typeof exchange>): Promise<boolean> {
  const sw = (await answer).sw;
  return sw === SW.OK || (sw & 0xff00) === 0x6100;
}

async function classifyOther(select: Select): Promise<SsCardType> {
  for (const name of [PPSE_NAME, PSE_NAME, ...PBOC_AIDS]) {
    if (await select(selectByName(name))) return 'bank';
  }
  // A card with no file system at all (no MF) is blank: nothing was ever personalised on it.
  return (await select(selectMf())) ? 'unknown' : 'blank';
}

/**
 * Read one file's records into a tag → TLV map. The EF is selected by its file identifier; a
 * card that refuses that (some address EFs only by short file identifier) is read with the SFI
 * in READ RECORD's P2. A file the card withholds (6982: needs external authentication) gives
 * its wanted fields as PSAM-required; access conditions are per file, so one refusal is enough.
 */
async function readFile(send: Send, select: Select, fid: number, firstRecord: number, psamRequired: string[]): Promise<Map<number, Tlv>> {
  const name = fid.toString(16).toUpperCase();
  const selected = await select(selectEf(fid));
  const p2 = selected ? 0x04 : ((fid & 0x1f) << 3) | 0x04;
  const tags = new Map<number, Tlv>();
  const wanted = WANTED[fid]!;
  const optional = OPTIONAL[fid] ?? [];
  const haveWanted = () => wanted.every((t) => tags.has(t));
  let denied = false;

  const scan = async (records: number[], missesBeforeHit: number) => {
    let misses = 0;
    for (const record of records) {
      if (haveWanted() && optional.every((t) => tags.has(t))) return;
      const cmd = readRecord(record);
      cmd[3] = p2;
      const r = await send(cmd);
      if (r.sw === SW.RECORD_NOT_FOUND) {
        // A gap ends the file: two missing records, or one once every wanted tag is in (the rest
        // is optional). Before the first record found, a 2.0 card's unused 1–7 are allowed for.
        misses++;
        if (tags.size === 0 ? misses >= missesBeforeHit : misses >= 2 || haveWanted()) return;
        continue;
      }
      if (r.sw === SW.SECURITY_NOT_SATISFIED) {
        denied = true;
        return;
      }
      if (r.sw === SW.FILE_NOT_FOUND) throw new KioskError('protocol-error', `card has no ${name}`, false);
      if (r.sw !== SW.OK) throw new KioskError('protocol-error', `READ RECORD ${record} of ${name}: status ${swHex(r.sw)}`, true);
      misses = 0;
      const tlvs = parseSimpleTlv(r.data);
      if (tlvs === null) throw new KioskError('protocol-error', `record ${record} of ${name} is not TLV`, false);
      for (const t of tlvs) if (!tags.has(t.tag)) tags.set(t.tag, t);
    }
  };
  await scan(range(firstRecord, MAX_RECORD), firstRecord > 1 ? 2 : 8);
  // The guess was wrong (a card whose records start before it): the records before it remain.
  if (!denied && !haveWanted() && firstRecord > 1) await scan(range(1, firstRecord - 1), 8);
  if (denied) for (const t of wanted) if (!tags.has(t)) psamRequired.push(FIELD_OF_TAG[t]!);
  return tags;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}
