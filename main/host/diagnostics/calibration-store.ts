import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CalibrationOffset, type KioskConfig } from '../../../contracts/config.js';
import { KioskError } from '../../../contracts/errors.js';

/**
 * This kiosk's document-printer offsets as a technician saved them: `<dataDir>/calibration.json`,
 * `{"A3":{"xMm","yMm"},"A4":{…}}`. A saved file overrides the config's `documents.calibration`
 * (the config is the installer's starting point; the kiosk's own sheet is measured on site).
 */
const CalibrationFile = z.strictObject({ A3: CalibrationOffset, A4: CalibrationOffset });
export type Calibration = z.infer<typeof CalibrationFile>;
export type Paper = 'A3' | 'A4';

export function calibrationFile(dataDir: string): string {
  return join(dataDir, 'calibration.json');
}

/** Offsets in 0.1 mm steps, as the screen adjusts them (no 0.30000000000000004 in the file). */
export function roundOffset(v: number): number {
  return Math.round(v * 10) / 10;
}

/** The offsets in effect and whether they come from a saved file. */
export function effectiveCalibration(config: KioskConfig): Calibration & { saved: boolean } {
  const file = calibrationFile(config.dataDir);
  if (!existsSync(file)) return { A3: { ...config.documents.calibration.A3 }, A4: { ...config.documents.calibration.A4 }, saved: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KioskError('internal', `${file}: not JSON (${(e as Error).message})`);
  }
  const r = CalibrationFile.safeParse(parsed);
  if (!r.success) throw new KioskError('internal', `${file}: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? 'invalid'}`);
  return { ...r.data, saved: true };
}

/** Save one tray's offsets (atomically: write, then rename). */
export function saveCalibration(config: KioskConfig, paper: Paper, offset: { xMm: number; yMm: number }): Calibration & { saved: boolean } {
  const current = effectiveCalibration(config);
  const next: Calibration = { A3: current.A3, A4: current.A4 };
  next[paper] = { xMm: roundOffset(offset.xMm), yMm: roundOffset(offset.yMm) };
  const file = calibrationFile(config.dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return { ...next, saved: true };
}
