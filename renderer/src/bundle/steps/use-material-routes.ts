import { useEffect, useRef, useState } from 'react';
import type { MergedForm } from '../../../../contracts/bundle-form.js';
import type { ECertificate, MaterialRoute } from '../../../../contracts/bundle-protocol.js';
import { cameraPresent } from '../../devices/camera.js';
import { useHost } from '../../host/host-context.js';

interface Answer {
  online: boolean;
  certificates: ECertificate[];
  /** A document camera is configured and attached. */
  camera: boolean;
}

/**
 * Each material's route, asked once: an e-certificate covers it (the back end is asked), else the
 * document camera takes it when the kiosk has one, else paper. Without an answer, paper or camera.
 */
export function useMaterialRoutes(materials: MergedForm['materials'], onBusy: (busy: boolean) => void) {
  const host = useHost();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [routes, setRoutes] = useState<Record<string, MaterialRoute>>({});
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current || materials.length === 0) return;
    asked.current = true;
    onBusy(true);
    const certificates = host.call('ecert.check', { materials: materials.map((m) => m.material.type) }).catch((e: unknown) => {
      // Asking is a convenience: without an answer the materials are asked for as usual.
      console.warn('ecert.check failed', e);
      return { online: false, certificates: [] };
    });
    const camera = host.call('materials.camera', {}).then(
      (r) => cameraPresent(r.camera),
      (e: unknown) => {
        console.warn('materials.camera failed', e);
        return false;
      },
    );
    Promise.all([certificates, camera])
      .then(([c, cam]) => {
        const r: Record<string, MaterialRoute> = {};
        for (const m of materials) r[m.material.type] = c.certificates.some((x) => x.type === m.material.type) ? 'e-certificate' : cam ? 'camera' : 'paper';
        setRoutes(r);
        setAnswer({ ...c, camera: cam });
      })
      .finally(() => onBusy(false));
  }, []);

  return { answer, routes, setRoutes };
}
