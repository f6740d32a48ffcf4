import iconv from 'iconv-lite';

/**
 * Scanner payload bytes → text. QR codes from Chinese issuers carry UTF-8 or GB18030/GBK; a strict
 * UTF-8 decode that fails means the bytes are not UTF-8, and GB18030 is the other encoding in use.
 */
export function decodePayload(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch (e) {
    if (!(e instanceof TypeError)) throw e; // only "not valid UTF-8" falls through to GB18030
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' };
  }
}
