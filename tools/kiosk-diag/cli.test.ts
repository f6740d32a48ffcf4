import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, UsageError } from './cli.js';

const fails = (argv: string[]) => {
  try {
    parse(argv, { port: { type: 'string' }, reveal: { type: 'boolean' } });
  } catch (e) {
    assert.ok(e instanceof UsageError);
    return e.message;
  }
  assert.fail(`${argv.join(' ')} parsed`);
};

test('option errors are one plain line naming the option', () => {
  assert.equal(fails(['--frob']), 'unknown option --frob');
  assert.equal(fails(['-x']), 'unknown option -x');
  assert.equal(fails(['--port']), '--port needs a value');
  assert.equal(fails(['--reveal=yes']), '--reveal takes no value');
  assert.equal(fails(['--json=1']), '--json takes no value');
});
