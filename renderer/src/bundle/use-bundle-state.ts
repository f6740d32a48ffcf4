import { useMemo, useRef, useState } from 'react';
import type { ECertificate, MaterialRoute } from '../../../contracts/bundle-protocol.js';
import type { BundleState } from './bundle-context.js';

type Base = Pick<BundleState, 'form' | 'all' | 'services' | 'groups' | 'chosen' | 'setChosen'>;
type Send = (e: { type: 'EDIT.form' }) => void;

/**
 * What the bundle's steps share (bundle-context.ts): the merged form and the chosen members, each
 * material's route and the e-certificates used, the submission's result; the confirm step's way
 * back to the form, and a step's own handler for the back button.
 */
export function useBundleState({ form, all, services, groups, chosen, setChosen }: Base, send: Send) {
  const [materials, setMaterialRoutes] = useState<Record<string, MaterialRoute>>({});
  const [certificates, setCertificates] = useState<ECertificate[]>([]);
  const [result, setResult] = useState<BundleState['result']>(null);
  const backHandler = useRef<(() => boolean) | null>(null);
  const state: BundleState = useMemo(
    () => ({
      form,
      all,
      services,
      groups,
      chosen,
      setChosen,
      materials,
      certificates,
      setMaterials: (routes, certs) => {
        setMaterialRoutes(routes);
        setCertificates(certs);
      },
      result,
      setResult,
      editForm: () => {
        backHandler.current = null;
        send({ type: 'EDIT.form' });
      },
      setBackHandler: (h) => void (backHandler.current = h),
    }),
    [form, all, services, groups, chosen, materials, certificates, result],
  );
  return { state, result, backHandler };
}
