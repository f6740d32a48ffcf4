import { moduleBeside } from './module-beside.js';

/**
 * The source a `new Worker(source, { eval: true })` runs to start the worker module `name` beside
 * `fromUrl` (the caller's `import.meta.url`): `name.js` in a build, `name.ts` from TypeScript. Run
 * from TypeScript (tsx), the worker registers tsx itself: the host may have been started with tsx's
 * API rather than `--import tsx`, which a worker would have inherited.
 */
export function workerBoot(fromUrl: string, name: string): string {
  const entry = moduleBeside(fromUrl, `./${name}`).href;
  return entry.endsWith('.ts') ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })` : `import(${JSON.stringify(entry)})`;
}
