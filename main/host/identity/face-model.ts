import type { DescriptorKind } from './face-engine-types.js';
import { librarySimilarity } from './face-similarity.js';

/**
 * The built-in face match: which descriptor the face worker computes and how two are compared.
 * Chosen by measurement on real photographs (`npm run bench -- face-real`, README "Face check").
 */
export const FACE_MODEL: { name: string; descriptor: DescriptorKind; similarity(a: readonly number[], b: readonly number[]): number } = {
  name: 'builtin:faceres',
  descriptor: 'faceres',
  similarity: librarySimilarity,
};
