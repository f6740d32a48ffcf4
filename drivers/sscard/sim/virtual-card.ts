import { FORBIDDEN_INS, PBOC_AIDS, PPSE_NAME, PSE_NAME, SSSE_DF_NAME } from '../codec/commands.js';
import { EF05, EF06, TAG } from '../codec/fields.js';
import { createHash } from 'node:crypto';
import { SIM_PSAM_KEY, simCryptogram } from '../psam/sim-psam.js';
import { buildFiles, type CardFiles, type DemoSsCard } from './demo-sscards.js';

const sw = (v: number) => Uint8Array.of(v >> 8, v & 0xff);
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A contact card speaking T=0, as the social security card does: a command that produces data
 * answers `61xx` and the data comes with GET RESPONSE; a strict card answers a READ RECORD with the
 * wrong Le with `6Cxx`. It keeps every command it was sent, so tests can prove the reader never
 * sent a PIN or a write. It knows nothing of the reader's code: only the card's own rules.
 */
export class VirtualCard {
  /** Every command APDU received since power-on, as sent. */
  readonly log: Uint8Array[] = [];
  private files: CardFiles;
  private app: 'none' | 'ssse' | 'pay' | 'mf' = 'none';
  private ef: number | null = null;
  private pending: Uint8Array | null = null;
  /** The last GET CHALLENGE answer, good for one EXTERNAL AUTHENTICATE. */
  private challenge: Uint8Array | null = null;
  private challenges = 0;
  /** External authentication passed: EF06 opens until reset or another application is selected. */
  private authenticated = false;

  constructor(readonly card: DemoSsCard) {
    this.files = buildFiles(card);
  }

  get atr(): Uint8Array {
    return this.card.atr;
  }

  /** Power-on or warm reset: the selection and any data waiting for GET RESPONSE are lost. */
  reset(): void {
    this.app = 'none';
    this.ef = null;
    this.pending = null;
    this.challenge = null;
    this.authenticated = false;
  }

  process(apdu: Uint8Array): Uint8Array {
    this.log.push(Uint8Array.from(apdu));
    if (apdu.length < 4) return sw(0x6700);
    const [cla, ins, p1, p2] = apdu as unknown as [number, number, number, number];
    const body = apdu.subarray(4);
    // Case 3/4: Lc then data (then maybe Le); case 2: a single Le byte.
    const lc = body.length > 1 ? body[0]! : 0;
    if (body.length > 1 && body.length !== 1 + lc && body.length !== 2 + lc) return sw(0x6700);
    const data = body.subarray(1, 1 + lc);
    const le = body.length === 1 ? body[0]! : body.length === 2 + lc ? body[1 + lc]! : null;
    if (cla !== 0x00) return sw(0x6e00);
    if (ins !== 0xc0) this.pending = null;
    if (FORBIDDEN_INS.has(ins)) return this.forbidden(ins);
    switch (ins) {
      case 0xa4:
        return this.select(p1, data);
      case 0xb2:
        return this.readRecord(p1, p2, le);
      case 0xc0:
        return this.getResponse(le);
      case 0x84:
        return this.getChallenge(p1, p2, le);
      case 0x82:
        return this.externalAuthenticate(p1, p2, data);
      default:
        return sw(0x6d00);
    }
  }

  private forbidden(ins: number): Uint8Array {
    if (ins === 0x20 && this.card.pinLocked) return sw(0x6983);
    // The demo cards hold no secrets and accept no writes: security status not satisfied.
    return sw(0x6982);
  }

  private select(p1: number, data: Uint8Array): Uint8Array {
    const kind = this.card.kind;
    if (kind === 'blank') return sw(0x6a82);
    if (p1 === 0x04) {
      if (kind === 'sscard' && equal(data, SSSE_DF_NAME)) return this.selected('ssse', null, data);
      const pay = [PPSE_NAME, PSE_NAME, ...PBOC_AIDS].some((n) => equal(n, data));
      if (kind === 'bank' && pay) return this.selected('pay', null, data);
      return sw(0x6a82);
    }
    if (p1 === 0x00 && equal(data, Uint8Array.of(0x3f, 0x00))) return this.selected('mf', null, data);
    if (p1 === 0x02 && data.length === 2 && this.app === 'ssse') {
      const fid = (data[0]! << 8) | data[1]!;
      if ((fid === EF05 || fid === EF06) && !this.card.sfiOnly) {
        this.ef = fid;
        return sw(0x9000);
      }
      return sw(0x6a82);
    }
    return sw(p1 === 0x02 || p1 === 0x00 ? 0x6a82 : 0x6a86);
  }

  /** A minimal FCI (6F 84 name A5 00), handed out in T=0 style via 61xx. */
  private selected(app: VirtualCard['app'], ef: number | null, name: Uint8Array): Uint8Array {
    if (app !== this.app) this.authenticated = false;
    this.app = app;
    this.ef = ef;
    const fci = Uint8Array.from([0x6f, name.length + 4, 0x84, name.length, ...name, 0xa5, 0x00]);
    this.pending = fci;
    return sw(0x6100 | fci.length);
  }

  private readRecord(record: number, p2: number, le: number | null): Uint8Array {
    if (this.app !== 'ssse') return sw(0x6986);
    if ((p2 & 0x07) !== 0x04) return sw(0x6a86);
    const sfi = p2 >> 3;
    let ef = this.ef;
    if (sfi !== 0) ef = sfi === 0x05 ? EF05 : sfi === 0x06 ? EF06 : -1;
    if (ef === null) return sw(0x6986);
    if (ef !== EF05 && ef !== EF06) return sw(0x6a82);
    if (sfi !== 0) this.ef = ef;
    if (ef === EF06 && this.card.ef06NeedsPsam && !this.authenticated) return sw(0x6982);
    const rec = (ef === EF05 ? this.files.ef05 : this.files.ef06).get(record);
    if (!rec) return sw(0x6a83);
    const want = le === null ? 0 : le === 0 ? 256 : le;
    if (this.card.strictLe && want !== rec.length) return sw(0x6c00 | rec.length);
    return Uint8Array.from([...rec.subarray(0, Math.min(rec.length, want || rec.length)), 0x90, 0x00]);
  }

  /**
   * An 8-byte challenge. Deterministic (a hash of the ATR and a counter) so that tests can hold
   * golden APDUs; a real card's is random.
   */
  private getChallenge(p1: number, p2: number, le: number | null): Uint8Array {
    if (p1 !== 0 || p2 !== 0) return sw(0x6a86);
    if (le !== 8 && le !== 4) return sw(0x6700);
    const c = createHash('sha256').update(this.card.atr).update(Uint8Array.of(this.challenges++)).digest().subarray(0, le);
    this.challenge = Uint8Array.from(c);
    return Uint8Array.from([...c, 0x90, 0x00]);
  }

  /** Checks the (simulated) PSAM's cryptogram over the last challenge; key 01 only. */
  private externalAuthenticate(p1: number, p2: number, data: Uint8Array): Uint8Array {
    if (this.app !== 'ssse') return sw(0x6986);
    if (p1 !== 0 || p2 !== 0x01) return sw(0x6a88);
    const challenge = this.challenge;
    this.challenge = null;
    if (!challenge) return sw(0x6984);
    const id = this.files.ef05.get(1);
    const diversifier = id && id[0] === TAG.cardIdentifier ? id.subarray(2) : new Uint8Array(0);
    const want = simCryptogram(SIM_PSAM_KEY, { challenge, keyId: p2, diversifier });
    if (!equal(want, data)) return sw(0x63c2);
    this.authenticated = true;
    return sw(0x9000);
  }

  private getResponse(le: number | null): Uint8Array {
    const p = this.pending;
    if (!p) return sw(0x6985);
    const want = le === null || le === 0 ? 256 : le;
    if (want > p.length) return sw(0x6c00 | p.length);
    const out = p.subarray(0, want);
    const rest = p.subarray(want);
    this.pending = rest.length ? rest : null;
    return Uint8Array.from([...out, ...(rest.length ? [0x61, rest.length & 0xff] : [0x90, 0x00])]);
  }
}
