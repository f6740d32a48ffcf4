import { checkUscc } from '../../contracts/uscc.js';

/**
 * Payload recognisers: a configurable, ordered list that tells a flow what a scan is, so it can route
 * it (open a service, look up a licence, fill a USCC field). Pure; the first match wins.
 */
export type PayloadKind = 'uscc' | 'e-license' | 'gov-service-code' | 'url' | 'unknown';

export interface Recognition {
  kind: PayloadKind;
  /** The normalised value (USCC upper-cased, URL as given, service-code token). */
  value: string;
  /** Which recogniser matched (its `id`), null for `unknown`. */
  recogniser: string | null;
}

/** One entry of the list. */
export interface Recogniser {
  id: string;
  kind: Exclude<PayloadKind, 'unknown'>;
  match(payload: string): string | null;
}

/** Regex-based recogniser; group 1, when present, is the value. */
export function patternRecogniser(id: string, kind: Recogniser['kind'], pattern: RegExp): Recogniser {
  return {
    id,
    kind,
    match: (p) => {
      const m = pattern.exec(p);
      return m ? (m[1] ?? m[0]) : null;
    },
  };
}

/** A unified social credit code, alone in the payload, with a correct GB 32100 check character. */
export const usccRecogniser: Recogniser = {
  id: 'uscc',
  kind: 'uscc',
  match: (p) => {
    const c = checkUscc(p);
    return c.valid ? c.normalised : null;
  },
};

export const urlRecogniser: Recogniser = {
  id: 'url',
  kind: 'url',
  match: (p) => {
    const s = p.trim();
    if (!/^https?:\/\/\S+$/i.test(s)) return null;
    try {
      return new URL(s).href === '' ? null : s;
    } catch (e) {
      if (e instanceof TypeError) return null; // not a parseable URL: not this kind
      throw e;
    }
  },
};

/** Options for {@link createRecognisers}; patterns are per province and come from config. */
export interface RecogniserOptions {
  /**
   * The province's e-government service code (e.g. 苏服码 / 随申码 style codes). Default: URLs on a
   * `*.gov.cn` host whose query carries a code/token parameter, or a `ZWFWM:` token. Replace per province.
   */
  govServiceCode?: RegExp;
  /**
   * Electronic business licence code. Default: the licence QR's NECIPS (gsxt.gov.cn) link, or an
   * `ELICENSE:` token. Replace with the issuing platform's format.
   */
  eLicense?: RegExp;
}

export const DEFAULT_GOV_SERVICE_CODE = /^(?:ZWFWM:([A-Za-z0-9._-]{8,256})|https?:\/\/[a-z0-9.-]+\.gov\.cn\/\S*[?&](?:code|token|qrcode)=([A-Za-z0-9._-]{8,256})\S*)$/;
export const DEFAULT_E_LICENSE = /^(?:ELICENSE:([A-Za-z0-9._-]{8,512})|https?:\/\/[a-z0-9.-]*gsxt\.gov\.cn\/\S+)$/;

/** The default list, most specific first: USCC, e-licence, service code, any URL. */
export function createRecognisers(o: RecogniserOptions = {}): Recogniser[] {
  const gov = o.govServiceCode ?? DEFAULT_GOV_SERVICE_CODE;
  return [
    usccRecogniser,
    patternRecogniser('e-license', 'e-license', o.eLicense ?? DEFAULT_E_LICENSE),
    {
      id: 'gov-service-code',
      kind: 'gov-service-code',
      match: (p) => {
        const m = gov.exec(p.trim());
        return m ? (m.slice(1).find((g) => g !== undefined) ?? m[0]) : null;
      },
    },
    urlRecogniser,
  ];
}

const defaults = createRecognisers();

/** Classify a scan payload; unknown payloads come back as `unknown` with the text as is. */
export function recognise(payload: string, recognisers: readonly Recogniser[] = defaults): Recognition {
  for (const r of recognisers) {
    const value = r.match(payload);
    if (value !== null) return { kind: r.kind, value, recogniser: r.id };
  }
  return { kind: 'unknown', value: payload, recogniser: null };
}

/** Text safe to show as plain text: control characters made visible (never interpreted as markup). */
export function displayText(payload: string, max = 200): string {
  let s = '';
  for (const ch of payload) {
    const c = ch.charCodeAt(0);
    s += c < 0x20 || c === 0x7f ? `\\x${c.toString(16).padStart(2, '0')}` : ch;
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
