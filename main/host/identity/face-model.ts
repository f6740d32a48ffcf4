import type { DescriptorKind } from './face-engine-types.js';
import { cosineSimilarity } from './face-similarity.js';

/**
 * The built-in face match: which descriptor the face worker computes and how two are compared.
 * Chosen by measurement on real photographs (`npm run bench -- face-real`, docs/identity.md, "Face check"):
 * dlib's ResNet on a five-point aligned chip, by cosine, had the lowest error of the candidates
 * (equal error rate per try 1.1 % against 9 % for the first version's FaceRes).
 */
export const FACE_MODEL: { name: string; descriptor: DescriptorKind; similarity(a: readonly number[], b: readonly number[]): number } = {
  name: 'builtin:dlib-resnet-aligned',
  descriptor: 'dlib',
  similarity: cosineSimilarity,
};
