// ESLint flat config. The import-boundary rules enforce docs/architecture.md §2 ("may import"):
// the folder tells the runtime (renderer never imports Node or host code; drivers never import React).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'events', 'url', 'util', 'worker_threads', 'tty', 'dgram', 'zlib'];
const nativeDevices = ['serialport', '@serialport/*', 'node-hid', 'better-sqlite3', 'smartcard'];
const react = ['react', 'react-dom', 'react-dom/*', 'react/*', 'react-i18next'];
const electron = ['electron', 'electron/*'];
const ours = (dirs) => dirs.map((d) => `**/${d}/**`).concat(dirs.map((d) => `**/${d}`));

function boundary(patterns, message, ...more) {
  const groups = [{ group: patterns, message }];
  for (let i = 0; i < more.length; i += 2) groups.push({ group: more[i], message: more[i + 1] });
  return { 'no-restricted-imports': ['error', { patterns: groups }] };
}

// Test-only parts: device simulators, the embedded demo back end, test fixtures. Production code
// reaches simulators only through a driver's factory (drivers/<device>/index.ts, which picks one for
// `transport: sim`) and the demo back end only through main/host/backend-launcher.ts.
const simulators = ['**/sim', '**/sim/**'];
const testOnly = [...simulators, '**/demo-backend', '**/demo-backend/**', '**/test-support', '**/test-support/**'];
const testFiles = ['**/*.test.ts', '**/*.test-helper.ts', '**/test-support/**'];
const noTestOnly = 'production code does not import simulators, the demo back end or test fixtures: simulators come from the driver\'s factory (drivers/<device>/index.ts), the demo back end from main/host/backend-launcher.ts.';

// Files still over the size limits above, if any, each named until it is split. None is left:
// the list stays so a file can be named here while it is being split on a branch.
const notYetSplit = [];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-electron', 'dist-host', 'dist-host.*', 'dist-test', 'dist-test.*', 'data', 'release', '**/*.mjs', 'renderer/dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    files: ['contracts/**/*.ts'],
    ignores: ['**/*.test.ts'], // tests run in Node
    rules: boundary([...nodeBuiltins, ...nativeDevices, ...react, ...electron, ...ours(['main', 'drivers', 'offline-queue', 'documents', 'backend-gateway', 'renderer', 'tools'])], 'contracts/ is plain TypeScript shared by every runtime: it imports nothing of ours.'),
  },
  {
    files: ['common/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: boundary([...nodeBuiltins, ...nativeDevices, ...react, ...electron, ...ours(['contracts', 'main', 'drivers', 'offline-queue', 'documents', 'backend-gateway', 'renderer', 'tools'])], 'common/ holds small plain-TypeScript helpers every layer shares (the Emitter): it imports nothing.'),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', 'renderer/vite.config.ts'], // tests and the build config run in Node
    languageOptions: { globals: { ...globals.browser } },
    rules: boundary([...nodeBuiltins, ...nativeDevices, ...electron, ...ours(['main', 'drivers', 'offline-queue', 'documents', 'backend-gateway', 'tools'])], 'renderer/ is browser code: it talks to the host only through contracts/ and the host client.'),
  },
  {
    files: ['drivers/**/*.ts'],
    // Tests print real documents (documents/) through the drivers; driver code itself never imports them.
    rules: boundary([...react, ...electron, 'better-sqlite3', ...ours(['main', 'renderer', 'offline-queue', 'tools'])], 'drivers/ may import contracts/ only (no React, no Electron, no host code).'),
  },
  {
    files: ['drivers/**/*.ts'],
    ignores: [...testFiles, 'drivers/*/index.ts', 'drivers/**/sim/**', 'drivers/sim/**'],
    rules: boundary([...react, ...electron, 'better-sqlite3', ...ours(['main', 'renderer', 'offline-queue', 'documents', 'backend-gateway', 'tools'])], 'drivers/ hold protocols only and may import contracts/ only (no React, no Electron, no host code, no documents).', simulators, noTestOnly),
  },
  {
    files: ['offline-queue/**/*.ts'],
    rules: boundary([...react, ...electron, 'serialport', 'node-hid', ...ours(['main', 'renderer', 'drivers', 'documents', 'tools'])], 'offline-queue/ may import contracts/ and the back-end HTTP core (backend-gateway/) only.'),
  },
  {
    files: ['backend-gateway/**/*.ts'],
    rules: boundary([...react, ...electron, ...nativeDevices, ...ours(['main', 'renderer', 'drivers', 'offline-queue', 'documents', 'tools'])], 'backend-gateway/ is the one HTTP core under every back-end client: it imports contracts/ only.'),
  },
  {
    files: ['documents/**/*.ts'],
    rules: boundary([...react, ...electron, 'serialport', 'node-hid', 'better-sqlite3', ...ours(['main', 'renderer', 'offline-queue', 'tools'])], 'documents/ may import contracts/ and the drivers\' types and fonts only (no host code, no storage).'),
  },
  {
    files: ['documents/**/*.ts'],
    ignores: testFiles,
    rules: boundary([...react, ...electron, 'serialport', 'node-hid', 'better-sqlite3', ...ours(['main', 'renderer', 'offline-queue', 'tools'])], 'documents/ may import contracts/ and the drivers\' types and fonts only (no host code, no storage).', testOnly, noTestOnly),
  },
  {
    files: ['main/**/*.ts', 'tools/**/*.ts', 'tests/**/*.ts'],
    rules: boundary([...react, ...ours(['renderer'])], 'host and tool code never imports renderer code.'),
  },
  {
    files: ['main/**/*.ts'],
    ignores: [...testFiles, 'main/demo-backend/**', 'main/host/backend-launcher.ts'],
    rules: boundary([...react, ...ours(['renderer'])], 'host and tool code never imports renderer code.', testOnly, noTestOnly),
  },
  // Size limits: no function over 80 lines (blank lines and comments not counted), no file over 400
  // lines. Tests, simulators and generated data are exempt from the file limit; only tests from the
  // function limit.
  {
    files: ['**/*.{ts,tsx}'],
    ignores: [...testFiles, 'tests/**', '**/*.e2e.ts', ...notYetSplit],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: [...testFiles, 'tests/**', '**/*.e2e.ts', ...simulators, 'drivers/sim/**', 'main/demo-backend/**-data.ts', ...notYetSplit],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
);

