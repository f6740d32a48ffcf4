#!/usr/bin/env node
// Entry for `npm run sign-update`: registers tsx so the TypeScript sources run as they are.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('./sign-update/main.ts');
process.exitCode = await main(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`), (line) => process.stderr.write(`${line}\n`));
