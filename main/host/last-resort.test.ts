import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { EX_UNCAUGHT } from './last-resort.js';

/** Run a few lines in a fresh Node with the last resort installed, as the host's entry points do. */
function runChild(body: string) {
  const code = `import { installLastResort } from './main/host/last-resort.ts';\ninstallLastResort({ proc: 'kiosk' });\n${body}`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000 });
}

test('an error thrown from a timer is said in one line and the process exits for the supervisor', () => {
  const r = runChild("setTimeout(() => { throw new Error('disk on fire'); }, 5); setTimeout(() => console.log('still running'), 2000);");
  assert.equal(r.status, EX_UNCAUGHT);
  assert.match(r.stderr, /^kiosk: uncaught exception: disk on fire; exiting \(70\) for the supervisor to restart$/m);
  assert.ok(!r.stdout.includes('still running'));
});

test('a rejected promise nobody awaited ends the same way, never silently', () => {
  const r = runChild("Promise.reject(new Error('lost answer')); setTimeout(() => console.log('still running'), 2000);");
  assert.equal(r.status, EX_UNCAUGHT);
  assert.match(r.stderr, /kiosk: uncaught rejection: lost answer/);
});
