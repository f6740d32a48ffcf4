// kiosk-test: long
import { SIZES } from './support/layout.js';
import { bundleLayoutSuite } from './support/layout-checker.js';

/**
 * The merged form of a bundle is the longest screen the kiosk has: every page of it, the materials,
 * confirm and receipt in both modes and languages, at the two small sizes (layout-bundle.e2e.ts has the two large ones).
 */
bundleLayoutSuite([SIZES[2], SIZES[3]]);
