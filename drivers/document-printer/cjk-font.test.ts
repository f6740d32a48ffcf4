import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { cjkFontCandidates, npmCjkFont, resolveCjkFont, SYSTEM_CJK_FONTS } from './cjk-font.js';

test('the npm font ships with the kiosk: a single-face OpenType file that exists', () => {
  const f = npmCjkFont();
  assert.ok(f, '@embedpdf/fonts-sc is installed');
  assert.ok(f.path.endsWith('NotoSansHans-Regular.otf') && existsSync(f.path), f.path);
});

test('a system font is preferred when present; the npm font comes last; KIOSK_NO_SYSTEM_TOOLS=1 leaves only npm', () => {
  const all = cjkFontCandidates({}, {});
  assert.deepEqual(all.slice(0, SYSTEM_CJK_FONTS.length), [...SYSTEM_CJK_FONTS]);
  assert.deepEqual(all.at(-1), npmCjkFont());
  assert.deepEqual(cjkFontCandidates({}, { KIOSK_NO_SYSTEM_TOOLS: '1' }), [npmCjkFont()]);
  // Explicit choices replace the list (a wrong path is an error, never a silent fallback).
  assert.deepEqual(cjkFontCandidates({ fontPath: '/x.ttc', fontName: 'X' }, {}), [{ path: '/x.ttc', name: 'X' }]);
  assert.deepEqual(cjkFontCandidates({}, { KIOSK_CJK_FONT: '/y.otf' }), [{ path: '/y.otf', name: undefined }]);
  const installed = SYSTEM_CJK_FONTS.find((f) => existsSync(f.path));
  // On a machine with fonts-noto-cjk the system's font is the one resolved; elsewhere the npm one.
  assert.equal(resolveCjkFont({}, {}).path, installed?.path ?? npmCjkFont()!.path);
  assert.equal(resolveCjkFont({}, { KIOSK_NO_SYSTEM_TOOLS: '1' }).path, npmCjkFont()!.path);
});
