import createDebug from 'debug';
import { isKioskErrorLike } from '../../contracts/errors.js';
import type { ScannerFactory, ScannerSimControl } from '../core/factory.js';
import { KeyboardWedgeScanner, ScannerDevice } from './scanner-service.js';
import { scanBytes, sendChunked, startPtyScannerSim } from './sim/scanner-sim.js';
import { HidPosScanTransport } from './transports/hid-pos-transport.js';
import { MemoryScanTransport } from './transports/memory-scan-transport.js';
import { SerialScanTransport } from './transports/serial-scan-transport.js';

export { ScannerDevice, KeyboardWedgeScanner } from './scanner-service.js';
export { recognise, createRecognisers, displayText } from './recognisers.js';

const debug = createDebug('kiosk:scanner');

/**
 * The host's factory. `sim`: a serial scanner simulator on a pty pair (socat's, or node-pty's where
 * socat is missing) and the real serial driver reading it (an in-memory pipe where no pseudo-terminal
 * can be made, e.g. Windows); `keyboard`: a status-only service, the wedge is read in the renderer.
 */
export const createScanner: ScannerFactory = async (config) => {
  switch (config.transport) {
    case 'sim': {
      try {
        const sim = await startPtyScannerSim();
        const service = new ScannerDevice('scanner', { transport: new SerialScanTransport(sim.devicePath, 9600), source: 'sim', simulated: true });
        await service.open();
        const control: ScannerSimControl = {
          scan: (data) => {
            sim.scan(data).catch((e: unknown) => debug('sim scan failed: %s', isKioskErrorLike(e) ? e.message : String(e)));
          },
        };
        return {
          service,
          sim: control,
          dispose: async () => {
            await service.dispose();
            await sim.close();
          },
        };
      } catch (e) {
        if (!(isKioskErrorLike(e) && e.code === 'not-available')) throw e;
        debug('no pseudo-terminals here, simulated scanner uses an in-memory pipe');
        const pipe = new MemoryScanTransport();
        const service = new ScannerDevice('scanner', { transport: pipe, source: 'sim', simulated: true });
        await service.open();
        const control: ScannerSimControl = {
          scan: (data) => void sendChunked((b) => pipe.emit(b), scanBytes(data), {}),
        };
        return { service, sim: control, dispose: () => service.dispose() };
      }
    }
    case 'serial': {
      const service = new ScannerDevice('scanner', {
        transport: new SerialScanTransport(config.path, config.baudRate),
        source: 'serial',
        interByteTimeoutMs: config.interByteTimeoutMs,
      });
      await service.open();
      return { service, sim: null, dispose: () => service.dispose() };
    }
    case 'hid-pos': {
      const service = new ScannerDevice('scanner', { transport: new HidPosScanTransport(config.vendorId, config.productId, config.path), source: 'hid-pos' });
      await service.open();
      return { service, sim: null, dispose: () => service.dispose() };
    }
    case 'keyboard': {
      const service = new KeyboardWedgeScanner('scanner');
      await service.open();
      return { service, sim: null, dispose: () => service.dispose() };
    }
  }
};
