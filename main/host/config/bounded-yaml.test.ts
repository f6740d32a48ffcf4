import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readBounded } from './bounded-yaml.js';

describe('readBounded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bounded-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('reads a file up to the limit whole, in UTF-8, and an empty one as empty', () => {
    assert.deepEqual(readBounded(file('a.yaml', 'id: 一件事\n'), 64), { text: 'id: 一件事\n' });
    assert.deepEqual(readBounded(file('b.yaml', 'x'.repeat(64)), 64), { text: 'x'.repeat(64) });
    assert.deepEqual(readBounded(file('c.yaml', ''), 64), { text: '' });
  });

  it('refuses a file over the limit, a missing file and a folder, saying which', () => {
    assert.deepEqual(readBounded(file('d.yaml', 'x'.repeat(65)), 64), { problem: '65 bytes, over the limit of 64' });
    assert.deepEqual(readBounded(join(dir, 'none.yaml'), 64), { problem: 'no such file' });
    assert.deepEqual(readBounded(dir, 64), { problem: 'not a regular file' });
  });
});
