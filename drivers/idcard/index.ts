import type { IdCardReaderFactory } from '../core/factory.js';
import { IdCardReader } from './reader/idcard-reader.js';
import { loadPhotoDecoder, type PhotoDecoder } from './photo/photo-decoder.js';
import { demoPhotoDecoder } from './sim/demo-photo-decoder.js';
import { hostTransportFor, startSimulator } from './sim/start-simulator.js';
import { HidTransport } from './transport/hid-transport.js';
import { serialTransportFactory } from './transport/serial-factory.js';

export { IdCardReader, type IdCardReaderOptions } from './reader/idcard-reader.js';
export { loadPhotoDecoder, type PhotoDecoder, type DecodedPhoto } from './photo/photo-decoder.js';
export { startSimulator, type RunningSimulator } from './sim/start-simulator.js';

/**
 * The WLT photo decoder for `identity.photoDecoder`: `sim` is the simulator's decoder for the demo
 * cards; a path loads the vendor's library; undefined gives null (no decoder). Chosen here, beside
 * the reader's own factory, so host code never imports simulator code itself.
 */
export function createPhotoDecoder(path: string | undefined): Promise<PhotoDecoder | null> {
  return path === 'sim' ? Promise.resolve(demoPhotoDecoder()) : loadPhotoDecoder(path);
}

/**
 * The ID-card reader for the device hub. `serial` / `hid`: the SAM driver on that transport.
 * `sim`: a SAM simulator on a pty pair (socat's, or node-pty's where socat is missing; an in-memory
 * pair where there are no pseudo-terminals) and the same serial driver connected to it, with the
 * simulator's controls in `sim`. `dispose()` closes the driver, then the simulator (pair closed,
 * temp dir removed).
 */
export const createIdCardReader: IdCardReaderFactory = async (config) => {
  if (config.transport === 'serial') {
    const service = new IdCardReader({
      // Named like the scanner's (serial:PATH@BAUD) so health reports say which port to check.
      transport: `serial:${config.path}@${config.baudRate}`,
      createTransport: serialTransportFactory(config.path, config.baudRate),
      pollIntervalMs: config.pollIntervalMs,
      requestTimeoutMs: config.requestTimeoutMs,
    });
    await service.open();
    return { service, sim: null, dispose: () => service.dispose() };
  }
  if (config.transport === 'hid') {
    const service = new IdCardReader({
      transport: `hid:${config.path ?? `${hex4(config.vendorId)}:${hex4(config.productId)}`}`,
      createTransport: async () => new HidTransport({ vendorId: config.vendorId, productId: config.productId, path: config.path }),
      pollIntervalMs: config.pollIntervalMs,
      requestTimeoutMs: config.requestTimeoutMs,
    });
    await service.open();
    return { service, sim: null, dispose: () => service.dispose() };
  }
  const running = await startSimulator();
  const service = new IdCardReader({
    transport: running.mode === 'pty' && running.hostPath ? `serial:${running.hostPath}@115200` : 'memory',
    simulated: true,
    createTransport: async () => hostTransportFor(running),
    pollIntervalMs: config.pollIntervalMs,
  });
  await service.open();
  return {
    service,
    sim: {
      listCards: () => running.sim.listCards(),
      placeCard: (key) => running.sim.placeCard(key),
      removeCard: () => running.sim.removeCard(),
    },
    dispose: async () => {
      try {
        await service.dispose();
      } finally {
        await running.dispose();
      }
    },
  };
};

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
