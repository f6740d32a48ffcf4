import type { BundleDefinition } from './bundle-definition.js';
import type { Material, ServiceDefinition, StepOf } from './service-definition.js';

/**
 * A bundle's paper materials on the document camera (高拍仪): each material type is captured once,
 * under the bundle's own scope on the host's materials desk, and its PDF goes into every member
 * that needs it. The renderer and the host derive the capture step from the same data here, so the
 * host can check what the renderer asks for (page count, mode) without trusting it.
 */

/** The desk's scope (`serviceId` of the `materials.*` methods) for a bundle's pages: never a service id (they have no ":"). */
export function bundleMaterialScope(bundleId: string): string {
  return `bundle:${bundleId}`;
}

/** The bundle id of a desk scope, or null when the scope is a service. */
export function bundleOfScope(scope: string): string | null {
  return scope.startsWith('bundle:') ? scope.slice('bundle:'.length) : null;
}

/** Pages a material without a service's own capture step may have (a certificate, front and back, a few extra). */
const DEFAULT_MAX_PAGES = 6;

/**
 * The capture step for one material type of a bundle (its step id is the type). A service with its
 * own `capture-documents` step for that type (户口簿: the cover, the head's and one's own page) lends
 * its named pages and limits; otherwise the material is one named page, up to a few more.
 */
export function bundleMaterialStep(material: Material, services: readonly ServiceDefinition[]): StepOf<'capture-documents'> {
  for (const s of services) {
    const own = s.steps.find((x): x is StepOf<'capture-documents'> => x.type === 'capture-documents' && x.material === material.type);
    if (own) return { ...own, id: material.type };
  }
  return {
    id: material.type,
    type: 'capture-documents',
    title: material.name,
    material: material.type,
    name: material.name,
    pages: [{ name: material.name }],
    minPages: 1,
    maxPages: DEFAULT_MAX_PAGES,
    mode: 'clean',
  };
}

/** The material of type `type` that some member of `bundle` asks for, or null. */
export function bundleMaterial(bundle: BundleDefinition, services: readonly ServiceDefinition[], type: string): Material | null {
  for (const m of bundle.members) {
    const found = services.find((s) => s.id === m.service)?.materials.find((x) => x.type === type);
    if (found) return found;
  }
  return null;
}
