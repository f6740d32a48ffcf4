import { createContext, useContext } from 'react';
import type { ECertificate, MaterialRoute } from '../../../contracts/bundle-protocol.js';
import type { MergedForm } from '../../../contracts/bundle-form.js';
import type { FieldGroupDef } from '../../../contracts/data-dictionary.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';

/** What a bundle's steps share beyond the flow's own context. */
export interface BundleState {
  /** The merged form for the members the citizen chose. */
  form: MergedForm;
  /** Every member (for the choice of optional ones). */
  all: MergedForm;
  services: ServiceDefinition[];
  groups: readonly FieldGroupDef[];
  chosen: ReadonlySet<string>;
  setChosen(chosen: ReadonlySet<string>): void;
  /** How each material type comes (set on the materials step) and the certificates that replace paper. */
  materials: Record<string, MaterialRoute>;
  certificates: ECertificate[];
  setMaterials(routes: Record<string, MaterialRoute>, certificates: ECertificate[]): void;
  /** The bundle's submission, once stored. */
  result: { bundleSubmissionId: string; online: boolean; members: { serviceId: string; id: string; caseNumber: string }[] } | null;
  setResult(r: BundleState['result']): void;
  /** Back to the merged form from a later step (the confirm page's "edit"). */
  editForm(): void;
  /** A step may take over the flow's "back" (the merged form's pages go back page by page). */
  setBackHandler(h: (() => boolean) | null): void;
}

export const BundleContext = createContext<BundleState | null>(null);

export function useBundle(): BundleState {
  const b = useContext(BundleContext);
  if (!b) throw new Error('a bundle step outside a bundle');
  return b;
}
