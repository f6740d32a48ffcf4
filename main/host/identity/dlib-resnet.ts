import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs-core';

/**
 * dlib's face recognition ResNet (29 convolutions, a 128-value descriptor; dlib's model is public
 * domain) as converted to TensorFlow.js weights by face-api (`@vladmandic/face-api`, MIT), which
 * ships them in its npm package. We run the forward pass here on the TensorFlow.js instance the
 * other face models use (face-api's own Node build wants the full `@tensorflow/tfjs` and chained
 * tensor methods, neither of which our WASM setup has). Input: a 150 × 150 chip aligned to dlib's
 * template (face-align.ts).
 */

export const DLIB_CHIP = 150;
const MEAN_RGB = [122.782, 117.001, 104.298];

type Tensor4D = TF.Tensor4D;
interface Conv {
  filters: TF.Tensor4D;
  bias: TF.Tensor1D;
  scaleW: TF.Tensor1D;
  scaleB: TF.Tensor1D;
}

export interface DlibResnet {
  describe(chip: Float32Array): Promise<number[]>;
}

export async function loadDlibResnet(tf: typeof TF, modelDir: string): Promise<DlibResnet> {
  const manifest = JSON.parse(await readFile(join(modelDir, 'face_recognition_model-weights_manifest.json'), 'utf8')) as { paths: string[]; weights: TF.io.WeightsManifestEntry[] }[];
  const group = manifest[0]!;
  const bin = await readFile(join(modelDir, group.paths[0]!));
  const w = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), group.weights);
  const get = <T extends TF.Tensor>(name: string): T => {
    const t = w[name];
    if (!t) throw new Error(`dlib model: no weight ${name}`);
    return t as T;
  };
  const conv = (p: string): Conv => ({ filters: get(`${p}/conv/filters`), bias: get(`${p}/conv/bias`), scaleW: get(`${p}/scale/weights`), scaleB: get(`${p}/scale/biases`) });
  const res = (p: string) => ({ c1: conv(`${p}/conv1`), c2: conv(`${p}/conv2`) });
  const down = conv('conv32_down');
  const blocks: { kind: 'same' | 'down'; p: ReturnType<typeof res> }[] = [
    ...['conv32_1', 'conv32_2', 'conv32_3'].map((n) => ({ kind: 'same' as const, p: res(n) })),
    { kind: 'down', p: res('conv64_down') },
    ...['conv64_1', 'conv64_2', 'conv64_3'].map((n) => ({ kind: 'same' as const, p: res(n) })),
    { kind: 'down', p: res('conv128_down') },
    ...['conv128_1', 'conv128_2'].map((n) => ({ kind: 'same' as const, p: res(n) })),
    { kind: 'down', p: res('conv256_down') },
    ...['conv256_1', 'conv256_2'].map((n) => ({ kind: 'same' as const, p: res(n) })),
    { kind: 'down', p: res('conv256_down_out') },
  ];
  const fc = get<TF.Tensor2D>('fc');

  const layer = (x: Tensor4D, c: Conv, stride: 1 | 2, relu: boolean): Tensor4D => {
    let out = tf.conv2d(x, c.filters, stride, stride === 2 ? 'valid' : 'same');
    out = tf.add(tf.mul(tf.add(out, c.bias), c.scaleW), c.scaleB);
    return relu ? tf.relu(out) : out;
  };
  const same = (x: Tensor4D, p: ReturnType<typeof res>): Tensor4D => tf.relu(tf.add(layer(layer(x, p.c1, 1, true), p.c2, 1, false), x));
  const downBlock = (x: Tensor4D, p: ReturnType<typeof res>): Tensor4D => {
    let out = layer(layer(x, p.c1, 2, true), p.c2, 1, false);
    let pooled = tf.avgPool(x, 2, 2, 'valid');
    // The strided 'valid' convolution can come out one row and column short of the pooled input.
    if (pooled.shape[1] !== out.shape[1] || pooled.shape[2] !== out.shape[2]) {
      out = tf.concat([out, tf.zeros([out.shape[0], 1, out.shape[2], out.shape[3]])], 1);
      out = tf.concat([out, tf.zeros([out.shape[0], out.shape[1], 1, out.shape[3]])], 2);
    }
    // More channels out than in: the shortcut is padded with zero channels.
    if (pooled.shape[3] !== out.shape[3]) pooled = tf.concat([pooled, tf.zeros(pooled.shape)], 3);
    return tf.relu(tf.add(pooled, out));
  };

  return {
    async describe(chip: Float32Array): Promise<number[]> {
      if (chip.length !== DLIB_CHIP * DLIB_CHIP * 3) throw new Error(`dlib model: a chip is ${DLIB_CHIP} × ${DLIB_CHIP} RGB`);
      const out = tf.tidy(() => {
        const x = tf.div(tf.sub(tf.tensor4d(chip, [1, DLIB_CHIP, DLIB_CHIP, 3], 'float32'), tf.tensor1d(MEAN_RGB)), 255) as Tensor4D;
        let h = tf.maxPool(layer(x, down, 2, true), 3, 2, 'valid');
        for (const b of blocks) h = b.kind === 'same' ? same(h, b.p) : downBlock(h, b.p);
        return tf.matMul(tf.mean(h, [1, 2]) as TF.Tensor2D, fc);
      });
      try {
        return Array.from(await out.data());
      } finally {
        out.dispose();
      }
    },
  };
}
