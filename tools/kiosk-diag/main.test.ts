import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';

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
