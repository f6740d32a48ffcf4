import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { moduleBeside } from '../../common/module-beside.js';

const diag = (args: string[]) => spawnSync(process.execPath, ['tools/kiosk-diag.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
const COMMANDS = readdirSync('tools/kiosk-diag/commands')
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''));

test('--help prints a usage text naming every command on stdout, exit 0', () => {
  const r = diag(['--help']);
  assert.equal(r.status, 0);
  for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c} `, 'm'), `usage lists ${c}`);
  assert.match(r.stdout, /load\|sync\|status\|salvage/);
});

test('no command is a usage error (exit 2) with the usage text; an unknown one too, as JSON with --json', () => {
  const none = diag([]);
  assert.equal(none.status, 2);
  for (const c of COMMANDS) assert.match(none.stderr, new RegExp(`^  ${c} `, 'm'));
  const unknown = diag(['frobnicate', '--json']);
  assert.equal(unknown.status, 2);
  assert.equal((JSON.parse(unknown.stdout) as { error: { code: string } }).error.code, 'usage');
});

test('every command has a usage text for --help; --help exits 0 with it on stdout', async () => {
  for (const c of COMMANDS) {
    const mod = (await import(moduleBeside(import.meta.url, `./commands/${c}`).href)) as { USAGE?: unknown };
    assert.equal(typeof mod.USAGE, 'string', `${c} exports USAGE`);
    assert.match(mod.USAGE as string, new RegExp(`^usage: kiosk-diag ${c}\\b`), c);
  }
  for (const c of ['health', 'face-match', 'queue']) {
    const r = diag([c, '--help']);
    assert.equal(r.status, 0, `${c} --help: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^usage: kiosk-diag ${c}\\b`));
    assert.equal(r.stderr, '');
  }
});

test('a usage error is exit 2 with one plain line on stderr (no parser jargon, no usage dump)', () => {
  for (const args of [['health', '--frob'], ['fleet', 'status', '--data'], ['queue', 'status'], ['frobnicate']]) {
    const r = diag(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(lines[0]!, /^kiosk-diag: /);
    assert.doesNotMatch(r.stderr, /To specify a positional argument|ERR_PARSE_ARGS/);
    assert.equal(r.stdout, '');
  }
  assert.match(diag(['health', '--frob']).stderr, /unknown option --frob \(kiosk-diag health --help\)/);
});
