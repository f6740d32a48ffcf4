import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { npmCjkFont } from '../../../drivers/document-printer/cjk-font.js';

/**
 * The Chromium that ships inside the @sparticuz/chromium npm tarball (brotli-compressed, with the
 * NSS libraries it links against, SwiftShader for drawing without a GPU, and a few fonts), for
 * machines with no system Chromium. Unpacked once per version into the temp folder: into a private
 * folder first, then renamed, so test files starting in parallel never run a half-written binary. The package's own executablePath() writes
 * /tmp/chromium in place, which is not safe for that.
 */
export interface NpmChromium {
  executablePath: string;
  /** Environment for the browser process: its libraries and a fontconfig that sees its fonts. */
  env: Record<string, string>;
}

/** Unpack a tar (plain ustar, as the package's .tar.br files are) into `dir`. */
function untar(tar: Buffer, dir: string): void {
  for (let off = 0; off + 512 <= tar.length; ) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const field = (a: number, b: number) => h.subarray(a, b).toString('latin1').replace(/\0.*$/s, '');
    const name = field(345, 500) ? `${field(345, 500)}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const type = field(156, 157);
    const target = join(dir, name);
    // Refuse names that would leave the folder (the tarball is trusted, but a bug must not write elsewhere).
    if (!target.startsWith(dir + '/')) throw new Error(`tar entry outside ${dir}: ${name}`);
    if (type === '5') mkdirSync(target, { recursive: true });
    else if (type === '0' || type === '') {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, tar.subarray(off + 512, off + 512 + size));
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
}

export function npmChromium(opts: { systemFonts?: boolean } = {}): NpmChromium {
  // The package exports no package.json: walk up from its entry point to its folder.
  let pkgJson = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  do pkgJson = join(dirname(pkgJson), '..', 'package.json');
  while (!existsSync(pkgJson) && dirname(pkgJson) !== '/');
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string };
  const bin = join(dirname(pkgJson), 'bin');
  // "-gl": unpacked with SwiftShader's GL libraries (an older unpack without them is left alone).
  const dir = join(tmpdir(), `kiosk-npm-chromium-${version}-gl`);
  if (!existsSync(join(dir, 'chromium'))) {
    const work = `${dir}.${process.pid}.tmp`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'chromium'), brotliDecompressSync(readFileSync(join(bin, 'chromium.br'))));
    chmodSync(join(work, 'chromium'), 0o755);
    untar(brotliDecompressSync(readFileSync(join(bin, 'al2023.tar.br'))), join(work, 'al2023'));
    untar(brotliDecompressSync(readFileSync(join(bin, 'fonts.tar.br'))), join(work, 'fonts'));
    // libGLESv2/libEGL (SwiftShader) beside the binary, where Chromium loads them: without them its
    // GPU process exits at the first composited frame and the browser closes under a heavy page.
    untar(brotliDecompressSync(readFileSync(join(bin, 'swiftshader.tar.br'))), work);
    try {
      renameSync(work, dir);
    } catch (e) {
      // Another test file unpacked it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      rmSync(work, { recursive: true, force: true });
    }
  }
  // Fonts: the package's Latin fonts and the kiosk's npm CJK font, plus the system's when allowed
  // (preferred: fontconfig takes the first match in order).
  const cjk = npmCjkFont();
  const dirs = [...(opts.systemFonts ? ['/usr/share/fonts', '/usr/local/share/fonts'] : []), join(dir, 'fonts', 'fonts'), ...(cjk ? [dirname(cjk.path)] : [])];
  const conf = join(dir, `fonts-${opts.systemFonts ? 'system' : 'npm'}.conf`);
  const cache = join(dir, 'fontcache');
  writeFileSync(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n${dirs.map((d) => `  <dir>${d}</dir>`).join('\n')}\n  <cachedir>${cache}</cachedir>\n</fontconfig>\n`);
  return { executablePath: join(dir, 'chromium'), env: { LD_LIBRARY_PATH: join(dir, 'al2023', 'lib'), FONTCONFIG_FILE: conf } };
}
