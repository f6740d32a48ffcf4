/**
 * The similarity at or above which the live face and the ID photo count as one person, for the
 * shipped model (@vladmandic/human 3.3.6, faceres). Chosen from measured genuine and impostor pairs
 * of the synthetic test set: the lowest threshold whose false-accept rate is at most 0.1 %
 * (`npm run bench -- face` prints the figures; docs/identity.md, "Face check"). A hall may set its own
 * (`identity.face.threshold`) after measuring on its own faces.
 */
export const DEFAULT_FACE_THRESHOLD = 0.73;
