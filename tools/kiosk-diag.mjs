#!/usr/bin/env node
// Entry for `npx kiosk-diag`: registers tsx so the TypeScript sources run as they are.
import { register } from 'tsx/esm/api';
register();
await import('./kiosk-diag/main.ts');
