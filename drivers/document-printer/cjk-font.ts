import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { KioskError } from '../../contracts/errors.js';

/**
 * The CJK font embedded (as a subset) in every document. Order: `KIOSK_CJK_FONT` (path) with
 * `KIOSK_CJK_FONT_NAME` (PostScript name inside a .ttc), then the config's `documents.fontPath` /
 * `documents.fontName`, then the first installed of {@link SYSTEM_CJK_FONTS}, then the Noto Sans
 * CJK SC that ships with the kiosk from npm ({@link npmCjkFont}), so a machine with only Node and npm
 * still prints. `KIOSK_NO_SYSTEM_TOOLS=1` ignores system fonts (how CI proves the npm font works).
 */
export interface CjkFontOptions {
  /** A .ttf, .otf or .ttc file. */
  fontPath?: string;
  /** For a .ttc collection: the PostScript name of the face, e.g. `NotoSerifCJKsc-Regular`. */
  fontName?: string;
}

export interface CjkFont {
  path: string;
  /** Face inside a collection; undefined for single-face files. */
  name: string | undefined;
  data: Buffer;
}

/** Debian/Ubuntu (`fonts-noto-cjk`, `fonts-wqy-zenhei`, `fonts-arphic-uming`) and Windows paths. */
export const SYSTEM_CJK_FONTS: readonly { path: string; name?: string }[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', name: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', name: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc', name: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', name: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', name: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/truetype/arphic/uming.ttc', name: 'AR PL UMing CN' },
  { path: 'C:\\Windows\\Fonts\\simsun.ttc', name: 'SimSun' },
  { path: 'C:\\Windows\\Fonts\\simhei.ttf' },
];

/**
 * Noto Sans CJK SC (OFL, the GB 2312 set, 8 MB) from the `@embedpdf/fonts-sc` package: a single-face
 * OpenType file that pdfkit subsets like the system's. Null when the package is not installed.
 */
export function npmCjkFont(): { path: string; name?: string } | null {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return null;
    throw e;
  }
  // The entry is <package>/dist/index.(c)js; the fonts are in <package>/fonts.
  return { path: join(dirname(entry), '..', 'fonts', 'NotoSansHans-Regular.otf') };
}

/** The candidates in order, without reading any (see {@link resolveCjkFont}). */
export function cjkFontCandidates(options: CjkFontOptions = {}, env: NodeJS.ProcessEnv = process.env): { path: string; name?: string }[] {
  if (env.KIOSK_CJK_FONT) return [{ path: env.KIOSK_CJK_FONT, name: env.KIOSK_CJK_FONT_NAME || undefined }];
  if (options.fontPath) return [{ path: options.fontPath, name: options.fontName }];
  const npm = npmCjkFont();
  return [...(env.KIOSK_NO_SYSTEM_TOOLS === '1' ? [] : SYSTEM_CJK_FONTS), ...(npm ? [npm] : [])];
}

const loaded = new Map<string, CjkFont>();

/**
 * Find and read the font once per process (documents reuse the bytes). Throws `device-offline` when
 * none exists: a missing font is the document printer's fault (it cannot print), never the back
 * end's, so the citizen hears that the printer is unavailable.
 */
export function resolveCjkFont(options: CjkFontOptions = {}, env: NodeJS.ProcessEnv = process.env): CjkFont {
  const candidates = cjkFontCandidates(options, env);
  for (const c of candidates) {
    const key = `${c.path}#${c.name ?? ''}`;
    const hit = loaded.get(key);
    if (hit) return hit;
    if (!existsSync(c.path)) continue;
    const font: CjkFont = { path: c.path, name: c.name, data: readFileSync(c.path) };
    loaded.set(key, font);
    return font;
  }
  throw new KioskError(
    'device-offline',
    `document printer: no CJK font found (tried ${candidates.map((c) => c.path).join(', ')}); run npm install (it brings @embedpdf/fonts-sc), install fonts-noto-cjk, or set KIOSK_CJK_FONT`,
  );
}
