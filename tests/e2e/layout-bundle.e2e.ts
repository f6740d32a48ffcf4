// kiosk-test: long
import { SIZES } from './support/layout.js';
import { bundleLayoutSuite } from './support/layout-checker.js';

/**
 * The merged form of a bundle is the longest screen the kiosk has: every page of it, the materials,
 * confirm and receipt in both modes and languages, at the two large sizes (layout-bundle-small.e2e.ts has the two small ones).
 */
bundleLayoutSuite([SIZES[0], SIZES[1]]);
