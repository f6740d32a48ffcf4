// `npm run screenshots`: photographs every screen the walks reach, at every size, mode and language,
// on the simulated devices, and writes a browsable gallery (index.html of PNGs) with each screen's
// layout problems listed beside it. Not part of `npm test` (the layout e2e suite checks a subset).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { launchBrowser } from '../../tests/e2e/support/browser.js';
import { fakeCameraArgs, showToCamera } from '../../tests/e2e/support/fake-camera.js';
import { makeTempDir, removeDir, startKiosk } from '../../tests/e2e/support/kiosk-process.js';
import { removeCard } from '../../tests/e2e/support/kiosk-ui.js';
import { layoutProblems, LOCALES, MODES, SIZES } from '../../tests/e2e/support/layout.js';
import { openAt, walkBundle, walkCatalog, walkFormWithProblems, walkServiceStart, walkSubmission, type Visit } from '../../tests/e2e/support/screen-walk.js';

const outDir = resolve(process.argv[2] ?? 'screenshots');
const only = process.env.SCREENSHOT_SIZES?.split(',');
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

interface Shot {
  size: string;
  mode: string;
  locale: string;
  screen: string;
  file: string;
  problems: string[];
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const dir = makeTempDir('kiosk-shots-');
  const kiosk = await startKiosk({ dir, config: { ui: { idleTimeoutSec: 600, idleWarningSec: 30 } } });
  // The submission walk passes a face check: the fake camera shows the ouyang card's holder.
  const camera = join(dir, 'camera.y4m');
  showToCamera(camera, { kind: 'live', card: 'ouyang' });
  const browser = await launchBrowser(fakeCameraArgs(camera));
  const shots: Shot[] = [];
  // A walk that stops is a problem like any other: the screens after it were never checked.
  const stopped: string[] = [];
  const serviceIds = readdirSync('services')
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => (parse(readFileSync(join('services', f), 'utf8')) as { id: string }).id);
  try {
    for (const size of SIZES.filter((s) => !only || only.includes(s.name))) {
      for (const mode of MODES) {
        for (const locale of LOCALES) {
          // A walk that stops is tried once more from the start: on a loaded machine the first face
          // check of a fresh kiosk can outwait a step's timeout while its models load. A second stop
          // is reported.
          for (let attempt = 1; attempt <= 2; attempt++) {
            const before = shots.length;
            const { context, page } = await openAt(browser, kiosk.url, size, mode, locale);
            // The previous walk's citizen left the card on the reader, and a card that stays on the
            // reader is never handed to the next session: lift it off now, long before this walk
            // places it again, so the reader sees the field empty in between.
            await removeCard(page);
            const visit: Visit = async (screen) => {
              const file = `${size.name}-${mode}-${locale}-${screen}.png`;
              await page.screenshot({ path: join(outDir, file) });
              shots.push({ size: size.name, mode, locale, screen, file, problems: await layoutProblems(page, mode) });
              console.log(`${file}${shots.at(-1)!.problems.length ? `  ${shots.at(-1)!.problems.length} problem(s)` : ''}`);
            };
            try {
              await walkCatalog(page, visit);
              await walkFormWithProblems(page, visit);
              await walkSubmission(page, visit);
              await walkBundle(page, visit);
              for (const id of serviceIds) await walkServiceStart(page, id, visit);
              break;
            } catch (e) {
              const why = `${size.name} ${mode} ${locale}: the walk stopped after ${shots.at(-1)?.screen ?? 'nothing'}: ${stopReason(e)}`;
              console.error(attempt === 1 ? `${why} (trying once more)` : why);
              if (attempt === 1) shots.length = before;
              else stopped.push(why);
            } finally {
              await context.close();
            }
          }
        }
      }
    }
  } finally {
    await browser.close();
    await kiosk.stop();
    removeDir(dir);
  }
  const bad = shots.filter((s) => s.problems.length).length;
  const rows = shots
    .map(
      (s) =>
        `<figure class="${s.problems.length ? 'bad' : ''}" data-size="${s.size}" data-mode="${s.mode}" data-locale="${s.locale}"><a href="${s.file}"><img loading="lazy" src="${s.file}" alt="${esc(s.screen)}"></a><figcaption><b>${esc(s.screen)}</b> ${s.size} ${s.mode} ${s.locale}${s.problems.length ? `<ul>${s.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : ''}</figcaption></figure>`,
    )
    .join('\n');
  writeFileSync(
    join(outDir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>OpenKiosk screens</title>
<style>body{font-family:sans-serif;margin:1em}figure{display:inline-block;vertical-align:top;margin:.5em;width:300px}img{max-width:300px;max-height:300px;border:1px solid #999}.bad img{border:3px solid #b91c1c}figcaption{font-size:13px}li{color:#b91c1c}</style>
<h1>OpenKiosk: every screen (${shots.length} pictures, ${bad} with layout problems, ${stopped.length} walks stopped)</h1>
${stopped.length ? `<ul>${stopped.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>` : ''}
<p>Filter: <select onchange="for(const f of document.querySelectorAll('figure'))f.hidden=!!this.value&&!Object.values(f.dataset).includes(this.value)"><option value="">all</option>${[...SIZES.map((s) => s.name), ...MODES, ...LOCALES].map((v) => `<option>${v}</option>`).join('')}</select></p>
${rows}\n`,
  );
  console.log(`${shots.length} screenshots, ${bad} with layout problems, ${stopped.length} walks stopped: ${join(outDir, 'index.html')}`);
  if (bad || stopped.length) process.exitCode = 1;
}

/** Playwright's first line says only "Timeout"; the call log says what it waited for. */
function stopReason(e: unknown): string {
  // eslint-disable-next-line no-control-regex -- Playwright colours its call log with ANSI escapes
  const lines = (e instanceof Error ? e.message : String(e)).replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const waitedFor = lines.find((l) => /waiting for /.test(l))?.trim().replace(/^- /, '');
  return waitedFor ? `${lines[0]} (${waitedFor})` : lines[0]!;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
