import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockingError, interpretPrinterAttributes, parseLpoptions, parseLpRequestId, parseLpstatJobs } from './cups-status.js';

// Captured from CUPS 2.4.2 (`lpoptions -p test` on a raw file:///dev/null queue, idle then paused).
const IDLE =
  "copies=1 device-uri=file:///dev/null finishings=3 job-cancel-after=10800 job-hold-until=no-hold job-priority=50 job-sheets=none,none marker-change-time=0 number-up=1 print-color-mode=monochrome printer-info=test printer-is-accepting-jobs=true printer-is-shared=true printer-is-temporary=false printer-location printer-make-and-model='Local Raw Printer' printer-state=3 printer-state-change-time=1795229845 printer-state-reasons=none printer-type=4 printer-uri-supported=ipp://localhost/printers/test";
const PAUSED = IDLE.replace('printer-state=3', 'printer-state=5').replace('printer-state-reasons=none', 'printer-state-reasons=paused');

test('parseLpoptions: quoted and escaped values, bare keys', () => {
  const a = parseLpoptions(IDLE);
  assert.equal(a['printer-make-and-model'], 'Local Raw Printer');
  assert.equal(a['printer-state'], '3');
  assert.equal(a['printer-location'], '');
  assert.equal(a['job-sheets'], 'none,none');
  assert.equal(parseLpoptions('printer-state-message=Tray\\ 2\\ empty x="a b"')['printer-state-message'], 'Tray 2 empty');
});

test('interpretPrinterAttributes: idle is ready; paused is offline; reasons map to paper-end, cover-open, jam', () => {
  const idle = interpretPrinterAttributes(parseLpoptions(IDLE));
  assert.equal(blockingError(idle), null);
  assert.equal(idle.printerState, 'idle');
  assert.deepEqual(blockingError(interpretPrinterAttributes(parseLpoptions(PAUSED))), { code: 'device-offline', detail: 'stopped' });
  const with_ = (reasons: string) => interpretPrinterAttributes(parseLpoptions(IDLE.replace('printer-state-reasons=none', `printer-state-reasons=${reasons}`)));
  assert.equal(blockingError(with_('media-empty-error'))?.code, 'paper-end');
  assert.equal(blockingError(with_('media-empty-warning'))?.code, 'paper-end');
  assert.equal(blockingError(with_('media-needed-report,door-open-report'))?.code, 'paper-end');
  assert.equal(blockingError(with_('door-open-report'))?.code, 'cover-open');
  assert.deepEqual(blockingError(with_('media-jam-error')), { code: 'device-error', detail: 'paper-jam' });
  assert.equal(blockingError(with_('offline-report'))?.code, 'device-offline');
  assert.deepEqual(blockingError(with_('toner-empty-error')), { code: 'device-error', detail: 'toner-empty-error' });
  const low = with_('media-low-report,toner-low-warning');
  assert.equal(blockingError(low), null);
  assert.equal(low.paperNearEnd, true);
  assert.equal(blockingError(interpretPrinterAttributes(parseLpoptions(IDLE.replace('printer-is-accepting-jobs=true', 'printer-is-accepting-jobs=false'))))?.detail, 'not-accepting-jobs');
});

test('lp and lpstat output', () => {
  assert.equal(parseLpRequestId('request id is LICENSE_A3-12 (1 file(s))\n'), 'LICENSE_A3-12');
  assert.equal(parseLpRequestId('lp: Error - The printer or class does not exist.'), null);
  assert.deepEqual(parseLpstatJobs('test-1                  root             97280   Sat Nov 21 02:57:21 2026\ntest-2  root 5 Sat\n'), ['test-1', 'test-2']);
  assert.deepEqual(parseLpstatJobs(''), []);
});
