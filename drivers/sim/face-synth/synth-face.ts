/**
 * Synthetic faces for the simulator and the face-check tests. Nothing here comes from a
 * photograph: each identity is a handful of numbers drawn from a seeded generator (head shape,
 * eye spacing, nose, mouth, brows, skin and hair), and a face is a shaded 3-D mesh of those numbers
 * rendered by a small software rasteriser at any pose and light. So the demo cards have faces of
 * their own, the fake camera can show the same person turning their head, and the threshold test set
 * has as many genuine and impostor pairs as it needs, with no licence question (docs/identity.md, "Face check").
 */

export interface FaceIdentity {
  seed: string;
  faceWidth: number; // head half-width, units of the head's half-height
  jaw: number; // jaw half-width at the chin line
  faceLength: number;
  eyeSep: number; // half the distance between the eye centres
  eyeY: number;
  eyeW: number;
  eyeH: number;
  eyeTilt: number;
  browY: number; // above the eye
  browT: number;
  browArch: number;
  noseLen: number; // bridge top to tip
  noseW: number;
  noseProj: number;
  mouthY: number;
  mouthW: number;
  lipT: number;
  chin: number;
  cheek: number;
  skin: [number, number, number];
  lip: [number, number, number];
  hair: [number, number, number];
  iris: [number, number, number];
  hairline: number;
  hairLong: boolean;
  /** How far a fringe comes down over the forehead (0: none). */
  fringe: number;
  /** 0 none, 1 moustache, 2 moustache and beard. */
  beard: number;
  /** A crease above the eye (double eyelid). */
  doubleLid: boolean;
  /** Lines from the nose to the mouth corners, 0–1 (age). */
  folds: number;
  /** Moles: positions on the face. */
  moles: [number, number][];
  shirt: [number, number, number];
}

/** mulberry32 over a FNV-1a hash of the seed: the same seed always gives the same person. */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SKINS: [number, number, number][] = [
  [0.93, 0.78, 0.66],
  [0.88, 0.7, 0.56],
  [0.8, 0.6, 0.46],
  [0.96, 0.84, 0.74],
  [0.72, 0.52, 0.4],
  [0.55, 0.38, 0.28],
];
const HAIRS: [number, number, number][] = [
  [0.06, 0.05, 0.05],
  [0.12, 0.09, 0.07],
  [0.25, 0.17, 0.1],
  [0.55, 0.53, 0.52],
  [0.78, 0.77, 0.76],
  [0.45, 0.3, 0.15],
];

export function identityFromSeed(seed: string): FaceIdentity {
  const r = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * r();
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const skin = pick(SKINS).map((c) => c * between(0.95, 1.05)) as [number, number, number];
  return {
    seed,
    faceWidth: between(0.62, 0.9),
    jaw: between(0.36, 0.6),
    faceLength: between(0.88, 1.16),
    eyeSep: between(0.23, 0.35),
    eyeY: between(0.06, 0.22),
    eyeW: between(0.09, 0.15),
    eyeH: between(0.028, 0.06),
    eyeTilt: between(-0.15, 0.25),
    browY: between(0.09, 0.19),
    browT: between(0.012, 0.05),
    browArch: between(-0.01, 0.07),
    noseLen: between(0.28, 0.48),
    noseW: between(0.06, 0.13),
    noseProj: between(0.1, 0.3),
    mouthY: between(-0.55, -0.4),
    mouthW: between(0.14, 0.28),
    lipT: between(0.02, 0.06),
    chin: between(0.02, 0.08),
    cheek: between(0.02, 0.08),
    skin,
    lip: [skin[0] * between(0.85, 0.98), skin[1] * between(0.5, 0.68), skin[2] * between(0.55, 0.72)],
    hair: pick(HAIRS),
    iris: pick([
      [0.18, 0.1, 0.06],
      [0.25, 0.15, 0.08],
      [0.12, 0.08, 0.06],
      [0.3, 0.25, 0.15],
    ] as [number, number, number][]),
    hairline: between(0.42, 0.75),
    hairLong: r() < 0.45,
    fringe: r() < 0.35 ? between(0.1, 0.3) : 0,
    beard: r() < 0.7 ? 0 : r() < 0.5 ? 1 : 2,
    doubleLid: r() < 0.5,
    folds: between(0, 1) ** 2,
    moles: Array.from({ length: Math.floor(r() * 3) }, () => [between(-0.45, 0.45), between(-0.7, 0.3)] as [number, number]),
    shirt: [between(0.1, 0.8), between(0.1, 0.8), between(0.1, 0.8)],
  };
}

export interface RenderOptions {
  width: number;
  height: number;
  /** Head rotation in radians: yaw turns left/right (positive: the citizen turns to their left, the image's right). */
  yaw?: number;
  pitch?: number;
  roll?: number;
  /** Head half-height in pixels. */
  scale?: number;
  /** Where the head centre is, in pixels. */
  cx?: number;
  cy?: number;
  /** Direction the light comes from (towards the camera is +z). */
  light?: [number, number, number];
  background?: 'id-photo' | 'hall';
  eyesClosed?: boolean;
  /** Sensor noise amplitude, 0–1 (0.02 is a webcam). */
  noise?: number;
  /** Seed of the noise (a video's frames differ). */
  noiseSeed?: string;
}

export interface RgbImage {
  width: number;
  height: number;
  /** Row-major, top row first, 3 bytes a pixel. */
  rgb: Uint8Array;
}

type Vec3 = [number, number, number];

function gauss(dx: number, dy: number, sx: number, sy: number): number {
  return Math.exp(-((dx * dx) / (2 * sx * sx) + (dy * dy) / (2 * sy * sy)));
}

function smoothstep(a: number, b: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
}

/** Value noise in [0, 1], for skin and hair texture. */
function valueNoise(x: number, y: number, salt: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  const h = (i: number, j: number) => {
    let n = Math.imul(i, 374761393) + Math.imul(j, 668265263) + Math.imul(salt, 2147483647);
    n = Math.imul(n ^ (n >>> 13), 1274126177);
    return ((n ^ (n >>> 16)) >>> 0) / 4294967296;
  };
  const fx = x - xi;
  const fy = y - yi;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const a = h(xi, yi) + (h(xi + 1, yi) - h(xi, yi)) * sx;
  const b = h(xi, yi + 1) + (h(xi + 1, yi + 1) - h(xi, yi + 1)) * sx;
  return a + (b - a) * sy;
}

/** Head surface point for grid coordinates (u, v) ∈ [-1, 1]²: a shaped ellipsoid plus the features' relief. */
function headPoint(f: FaceIdentity, u: number, v: number, eyesClosed: boolean): { p: Vec3; fx: number; fy: number; side: number } {
  const th = u * 1.9;
  const ph = v * 1.45;
  const x0 = Math.sin(th) * Math.cos(ph);
  const y0 = Math.sin(ph);
  const z0 = Math.cos(th) * Math.cos(ph);
  // Width narrows from the cheekbones to the jaw and chin.
  const jawT = smoothstep(-0.05, -1, y0);
  const w = f.faceWidth * (1 - jawT) + f.jaw * jawT;
  const top = y0 > 0 ? 1.12 : f.faceLength;
  const X = x0 * w;
  const Y = y0 * top;
  let Z = z0 * 0.82;
  if (z0 > 0) {
    const front = smoothstep(0, 0.6, z0);
    let dz = 0;
    // Nose: a ridge from the bridge down to the tip, then the tip and the wings of the nostrils.
    const bridgeY = f.eyeY + 0.02;
    const tipY = bridgeY - f.noseLen;
    const along = smoothstep(bridgeY, tipY, Y);
    if (Y < bridgeY + 0.05 && Y > tipY - 0.08) dz += f.noseProj * along * 0.85 * gauss(X, 0, f.noseW * (0.45 + 0.5 * along), 1);
    dz += f.noseProj * 0.35 * gauss(X, Y - tipY, f.noseW * 0.7, 0.05);
    dz += 0.035 * (gauss(X - f.noseW, Y - tipY - 0.01, 0.035, 0.035) + gauss(X + f.noseW, Y - tipY - 0.01, 0.035, 0.035));
    // Eye sockets, eyeballs, brow ridge, cheekbones.
    for (const s of [-1, 1]) {
      dz -= 0.07 * gauss(X - s * f.eyeSep, Y - f.eyeY, 0.11, 0.08);
      dz += 0.03 * gauss(X - s * f.eyeSep, Y - f.eyeY, 0.07, 0.045);
      dz += f.cheek * gauss(X - s * (f.eyeSep + 0.06), Y - (f.eyeY - 0.28), 0.14, 0.12);
    }
    dz += 0.045 * gauss(X, Y - (f.eyeY + f.browY), 0.3, 0.05);
    // Lips and chin.
    dz += f.lipT * gauss(X, Y - (f.mouthY + 0.03), f.mouthW * 0.55, 0.03);
    dz += f.lipT * 1.1 * gauss(X, Y - (f.mouthY - 0.045), f.mouthW * 0.5, 0.035);
    dz -= 0.02 * gauss(X, Y - (f.mouthY - 0.13), f.mouthW * 0.6, 0.04);
    dz += f.chin * gauss(X, Y + f.faceLength * 0.9, 0.16, 0.1);
    if (eyesClosed) dz += 0.01 * (gauss(X - f.eyeSep, Y - f.eyeY, 0.07, 0.04) + gauss(X + f.eyeSep, Y - f.eyeY, 0.07, 0.04));
    Z += dz * front;
  }
  return { p: [X, Y, Z], fx: X, fy: Y, side: z0 };
}

function mix(a: Vec3, b: Vec3, t: number): Vec3 {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Surface colour of the head at frontal coordinates (fx, fy); `side` is how much the point faces forward. */
function headAlbedo(f: FaceIdentity, fx: number, fy: number, side: number, eyesClosed: boolean, salt: number): Vec3 {
  const n = valueNoise(fx * 18, fy * 18, salt) * 0.6 + valueNoise(fx * 60, fy * 60, salt + 1) * 0.4;
  let c: Vec3 = [f.skin[0] * (0.95 + 0.1 * n), f.skin[1] * (0.95 + 0.1 * n), f.skin[2] * (0.95 + 0.1 * n)];
  const hairNoise = valueNoise(fx * 140, fy * 10, salt + 2);
  const hair: Vec3 = [f.hair[0] * (0.8 + 0.4 * hairNoise), f.hair[1] * (0.8 + 0.4 * hairNoise), f.hair[2] * (0.8 + 0.4 * hairNoise)];
  // Hair: above a curved hairline, over the back of the head, and down the sides when long.
  let hairline = f.hairline - 0.25 * fx * fx;
  // A fringe: hair down over the forehead, cut in a gentle curve above the brows.
  if (f.fringe > 0 && Math.abs(fx) < f.faceWidth * 0.85) hairline = Math.min(hairline, f.hairline - f.fringe - 0.05 * Math.cos(fx * 9) * f.fringe);
  const back = side < 0.15 && fy > (f.hairLong ? -0.9 : -0.15);
  const sides = f.hairLong && Math.abs(fx) > f.faceWidth * 0.86 && fy > -0.8;
  if (fy > hairline || back || sides) return hair;
  if (fy > hairline - 0.03) c = mix(c, hair, 0.5);
  // Moles, laughter lines, stubble: marks that make a face someone's.
  for (const [mx0, my0] of f.moles) if (Math.hypot(fx - mx0, fy - my0) < 0.014) c = [c[0] * 0.45, c[1] * 0.35, c[2] * 0.3];
  if (f.folds > 0.05) {
    for (const s of [-1, 1]) {
      const tipY0 = f.eyeY + 0.02 - f.noseLen;
      const t = (tipY0 - fy) / Math.max(0.05, tipY0 - f.mouthY);
      if (t > 0 && t < 1.1) {
        const lineX = s * (f.noseW * 1.3 + t * (f.mouthW * 1.05 - f.noseW * 1.3));
        const dd = Math.abs(fx - lineX);
        if (dd < 0.012) c = mix(c, [c[0] * 0.7, c[1] * 0.62, c[2] * 0.6], f.folds * (1 - dd / 0.012));
      }
    }
  }
  if (f.beard > 0) {
    const tipY0 = f.eyeY + 0.02 - f.noseLen;
    const moustache = fy < tipY0 - 0.05 && fy > f.mouthY + 0.02 && Math.abs(fx) < f.mouthW * 1.15;
    const beard = f.beard === 2 && fy < f.mouthY - 0.06 && Math.abs(fx) < f.faceWidth * 0.8 && fy > -f.faceLength * 1.02;
    if (moustache || beard) c = mix(c, hair, 0.55 + 0.35 * hairNoise);
  }
  // Cheeks a little warmer.
  for (const s of [-1, 1]) c = mix(c, f.lip, 0.18 * gauss(fx - s * (f.eyeSep + 0.05), fy - (f.eyeY - 0.3), 0.1, 0.08));
  for (const s of [-1, 1]) {
    const ex = (fx - s * f.eyeSep) * s; // mirrored: outer corner positive
    const ey = fy - f.eyeY - f.eyeTilt * ex;
    // Brow: an arched band above the eye.
    const bx = ex + 0.01;
    if (Math.abs(bx) < f.eyeW * 1.35) {
      const by = fy - (f.eyeY + f.browY + f.browArch * (1 - (bx / (f.eyeW * 1.35)) ** 2));
      const thick = f.browT * (1 - 0.5 * smoothstep(0, f.eyeW * 1.35, bx));
      if (Math.abs(by) < thick) c = mix(c, hair, 0.85 * (0.7 + 0.3 * hairNoise));
    }
    // Eye: an almond of sclera with iris and pupil, lashes along the upper lid.
    const half = f.eyeH * Math.max(0, 1 - (ex / f.eyeW) ** 2) ** 0.6;
    if (Math.abs(ex) < f.eyeW) {
      if (eyesClosed) {
        if (Math.abs(ey + half * 0.2) < 0.006) c = [0.12, 0.08, 0.07];
        else if (Math.abs(ey) < half) c = mix(c, [c[0] * 0.85, c[1] * 0.8, c[2] * 0.8], 0.6);
      } else if (Math.abs(ey) < half) {
        const ix = fx - s * f.eyeSep;
        const ir = Math.hypot(ix, ey);
        const irisR = f.eyeH * 0.95;
        if (ir < irisR * 0.42) c = [0.03, 0.03, 0.03];
        else if (ir < irisR) c = mix(f.iris, [0.05, 0.04, 0.03], ir / irisR) as Vec3;
        else c = [0.9, 0.88, 0.86];
        if (ir > irisR * 0.3 && ir < irisR * 0.45 && ix < 0 && ey > 0) c = [0.95, 0.95, 0.95];
      }
      if (f.doubleLid && !eyesClosed && Math.abs(ey - half - 0.022) < 0.004) c = mix(c, [c[0] * 0.6, c[1] * 0.55, c[2] * 0.55], 0.7);
      if (!eyesClosed && ey > half - 0.008 && ey < half + 0.006) c = [0.08, 0.06, 0.05];
      else if (!eyesClosed && ey > half && ey < half + 0.03) c = mix(c, [c[0] * 0.75, c[1] * 0.7, c[2] * 0.72], 0.6);
    }
  }
  // Nostrils.
  const tipY = f.eyeY + 0.02 - f.noseLen;
  for (const s of [-1, 1]) if (gauss(fx - s * f.noseW * 0.55, fy - (tipY - 0.035), 0.022, 0.012) > 0.5) c = [c[0] * 0.35, c[1] * 0.3, c[2] * 0.3];
  // Lips and the line between them.
  const mx = fx / f.mouthW;
  if (Math.abs(mx) < 1) {
    const bow = 0.012 * Math.cos(mx * Math.PI * 2) * (1 - Math.abs(mx));
    const upper = f.lipT * 1.1 * (1 - mx * mx) ** 0.5 + bow;
    const lower = f.lipT * 1.5 * (1 - mx * mx) ** 0.5;
    const my = fy - f.mouthY;
    if (my > 0 && my < upper) c = f.lip;
    if (my < 0 && -my < lower) c = [f.lip[0] * 1.03, f.lip[1] * 1.05, f.lip[2] * 1.05];
    if (Math.abs(my) < 0.006 * (1 - mx * mx) + 0.002) c = [f.lip[0] * 0.35, f.lip[1] * 0.25, f.lip[2] * 0.25];
  }
  return c;
}

interface Vertex {
  sx: number;
  sy: number;
  z: number;
  light: number;
  fx: number;
  fy: number;
  side: number;
  part: 0 | 1 | 2; // head, neck, shoulders
}

interface MeshSpec {
  nu: number;
  nv: number;
  at: (u: number, v: number) => { p: Vec3; fx: number; fy: number; side: number };
  part: 0 | 1 | 2;
  rotates: number;
}
interface MeshGeometry {
  pts: Vec3[];
  normals: Vec3[];
  verts: Vertex[];
}
const geometryCache = new WeakMap<FaceIdentity, Map<string, MeshGeometry[]>>();

function buildGeometry(m: MeshSpec): MeshGeometry {
  const verts: Vertex[] = [];
  const pts: Vec3[] = [];
  for (let j = 0; j <= m.nv; j++) {
    for (let i = 0; i <= m.nu; i++) {
      const g = m.at((i / m.nu) * 2 - 1, 1 - (j / m.nv) * 2);
      pts.push(g.p);
      verts.push({ sx: 0, sy: 0, z: 0, light: 0, fx: g.fx, fy: g.fy, side: g.side, part: m.part });
    }
  }
  const row = m.nu + 1;
  const normals: Vec3[] = [];
  for (let j = 0; j <= m.nv; j++) {
    for (let i = 0; i <= m.nu; i++) {
      const p = pts[j * row + i]!;
      const px = pts[j * row + Math.min(m.nu, i + 1)]!;
      const mx = pts[j * row + Math.max(0, i - 1)]!;
      const py = pts[Math.min(m.nv, j + 1) * row + i]!;
      const my = pts[Math.max(0, j - 1) * row + i]!;
      let nrm = normalise(cross(sub(px, mx), sub(py, my)));
      // Grid rows run top to bottom: du × dv may point inwards; the outward normal faces away from the axis.
      if (dot(nrm, m.part === 0 ? p : [p[0], 0, p[2]]) < 0) nrm = [-nrm[0], -nrm[1], -nrm[2]];
      normals.push(nrm);
    }
  }
  return { pts, normals, verts };
}

function rotate(p: Vec3, yaw: number, pitch: number, roll: number): Vec3 {
  let [x, y, z] = p;
  // yaw about Y, then pitch about X, then roll about Z.
  const cy = Math.cos(yaw);
  const sy = Math.sin(yaw);
  [x, z] = [x * cy + z * sy, -x * sy + z * cy];
  const cp = Math.cos(pitch);
  const sp = Math.sin(pitch);
  [y, z] = [y * cp - z * sp, y * sp + z * cp];
  const cr = Math.cos(roll);
  const sr = Math.sin(roll);
  [x, y] = [x * cr - y * sr, x * sr + y * cr];
  return [x, y, z];
}

/** The head, the neck (turning half as much) and the shoulders (barely turning) as parametric meshes. */
function faceMeshes(f: FaceIdentity, eyesClosed: boolean): MeshSpec[] {
  return [
    { nu: 260, nv: 220, at: (u, v) => headPoint(f, u, v, eyesClosed), part: 0, rotates: 1 },
    {
      nu: 60,
      nv: 30,
      at: (u, v) => {
        const th = u * Math.PI;
        const y = -0.55 - (v + 1) * 0.55;
        const r = f.jaw * 0.95 + 0.05;
        return { p: [Math.sin(th) * r, y, Math.cos(th) * r * 0.9 - 0.12], fx: Math.sin(th) * r, fy: y, side: Math.cos(th) };
      },
      part: 1,
      rotates: 0.5,
    },
    {
      nu: 80,
      nv: 40,
      at: (u, v) => {
        const th = u * Math.PI;
        const y = -1.45 - (v + 1) * 1.2;
        const spread = smoothstep(-1.45, -1.9, y);
        const r = f.jaw * 0.95 + 0.05 + spread * 1.1;
        return { p: [Math.sin(th) * r, y - 0.1 * (1 - Math.cos(th)), Math.cos(th) * (0.35 + spread * 0.25) - 0.2], fx: Math.sin(th) * r, fy: y, side: Math.cos(th) };
      },
      part: 2,
      rotates: 0.15,
    },
  ];
}

/** Down-sample the supersampled picture, add sensor noise, quantise to 8 bits. */
function downsample(color: Float32Array, W: number, SS: number, o: RenderOptions): RgbImage {
  const out = new Uint8Array(o.width * o.height * 3);
  const noise = o.noise ?? 0;
  const rnd = seededRandom(o.noiseSeed ?? 'noise');
  for (let y = 0; y < o.height; y++) {
    for (let x = 0; x < o.width; x++) {
      for (let ch = 0; ch < 3; ch++) {
        let s = 0;
        for (let dy = 0; dy < SS; dy++) for (let dx = 0; dx < SS; dx++) s += color[((y * SS + dy) * W + x * SS + dx) * 3 + ch]!;
        let val = s / (SS * SS);
        if (noise > 0) val += (rnd() - 0.5) * 2 * noise;
        out[(y * o.width + x) * 3 + ch] = Math.max(0, Math.min(255, Math.round(val * 255)));
      }
    }
  }
  return { width: o.width, height: o.height, rgb: out };
}

/** Render one face. Deterministic for the same identity and options. */
export function renderFace(f: FaceIdentity, o: RenderOptions): RgbImage {
  const SS = 2; // supersampling, so edges are not jagged
  const W = o.width * SS;
  const H = o.height * SS;
  const yaw = o.yaw ?? 0;
  const pitch = o.pitch ?? 0;
  const roll = o.roll ?? 0;
  const scale = (o.scale ?? o.height * 0.3) * SS;
  const cx = (o.cx ?? o.width / 2) * SS;
  const cy = (o.cy ?? o.height * 0.45) * SS;
  const L = normalise(o.light ?? [-0.3, 0.4, 1]);
  const salt = Number.parseInt(f.seed.length ? String(f.seed.charCodeAt(0) * 31 + f.seed.length) : '7', 10);
  const camDist = 6; // in head units: mild perspective, as a kiosk camera at arm's length
  const eyesClosed = o.eyesClosed ?? false;

  const color = new Float32Array(W * H * 3);
  const zbuf = new Float32Array(W * H).fill(-Infinity);
  paintBackground(color, W, H, o.background ?? 'hall');

  const meshes = faceMeshes(f, eyesClosed);

  const geometries = geometryCache.get(f) ?? new Map<string, MeshGeometry[]>();
  geometryCache.set(f, geometries);
  const key = eyesClosed ? 'closed' : 'open';
  // The mesh of one person (positions, normals, surface coordinates) is the same in every frame:
  // built once, then only turned and projected (a clip renders one person many times).
  const built = geometries.get(key) ?? meshes.map((m) => buildGeometry(m));
  geometries.set(key, built);
  for (const [mi, m] of meshes.entries()) {
    const g = built[mi]!;
    const verts: Vertex[] = g.verts.map((v) => ({ ...v }));
    const row = m.nu + 1;
    for (let j = 0; j <= m.nv; j++) {
      for (let i = 0; i <= m.nu; i++) {
        const k = j * row + i;
        const p = g.pts[k]!;
        const nrm = g.normals[k]!;
        const rp = rotate(p, yaw * m.rotates, pitch * m.rotates, roll * m.rotates);
        const rn = rotate(nrm, yaw * m.rotates, pitch * m.rotates, roll * m.rotates);
        const persp = camDist / (camDist - rp[2]);
        const v = verts[k]!;
        v.sx = cx + rp[0] * scale * persp;
        v.sy = cy - rp[1] * scale * persp;
        v.z = rp[2];
        const diffuse = Math.max(0, dot(rn, L));
        const spec = Math.pow(Math.max(0, dot(normalise([L[0], L[1], L[2] + 1]), rn)), 24) * 0.12;
        v.light = 0.32 + 0.62 * diffuse + spec;
      }
    }
    for (let j = 0; j < m.nv; j++) {
      for (let i = 0; i < m.nu; i++) {
        const a = verts[j * row + i]!;
        const b = verts[j * row + i + 1]!;
        const c = verts[(j + 1) * row + i]!;
        const d = verts[(j + 1) * row + i + 1]!;
        raster(a, b, d, color, zbuf, W, H, f, eyesClosed, salt);
        raster(a, d, c, color, zbuf, W, H, f, eyesClosed, salt);
      }
    }
  }

  return downsample(color, W, SS, o);
}

function raster(a: Vertex, b: Vertex, c: Vertex, color: Float32Array, zbuf: Float32Array, W: number, H: number, f: FaceIdentity, eyesClosed: boolean, salt: number): void {
  const minX = Math.max(0, Math.floor(Math.min(a.sx, b.sx, c.sx)));
  const maxX = Math.min(W - 1, Math.ceil(Math.max(a.sx, b.sx, c.sx)));
  const minY = Math.max(0, Math.floor(Math.min(a.sy, b.sy, c.sy)));
  const maxY = Math.min(H - 1, Math.ceil(Math.max(a.sy, b.sy, c.sy)));
  if (minX > maxX || minY > maxY) return;
  const area = (b.sx - a.sx) * (c.sy - a.sy) - (b.sy - a.sy) * (c.sx - a.sx);
  if (Math.abs(area) < 1e-9) return;
  for (let y = minY; y <= maxY; y++) {
    for (let x = minX; x <= maxX; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const w0 = ((b.sx - px) * (c.sy - py) - (b.sy - py) * (c.sx - px)) / area;
      const w1 = ((c.sx - px) * (a.sy - py) - (c.sy - py) * (a.sx - px)) / area;
      const w2 = 1 - w0 - w1;
      if (w0 < 0 || w1 < 0 || w2 < 0) continue;
      const z = w0 * a.z + w1 * b.z + w2 * c.z;
      const k = y * W + x;
      if (z <= zbuf[k]!) continue;
      zbuf[k] = z;
      const light = w0 * a.light + w1 * b.light + w2 * c.light;
      const fx = w0 * a.fx + w1 * b.fx + w2 * c.fx;
      const fy = w0 * a.fy + w1 * b.fy + w2 * c.fy;
      const side = w0 * a.side + w1 * b.side + w2 * c.side;
      let alb: Vec3;
      if (a.part === 0) alb = headAlbedo(f, fx, fy, side, eyesClosed, salt);
      else if (a.part === 1) alb = f.hairLong && side < 0 ? f.hair : [f.skin[0] * 0.92, f.skin[1] * 0.9, f.skin[2] * 0.9];
      else alb = fy > -1.62 && Math.abs(fx) < 0.22 && side > 0 ? [f.skin[0] * 0.9, f.skin[1] * 0.88, f.skin[2] * 0.88] : f.shirt;
      color[k * 3] = alb[0] * light;
      color[k * 3 + 1] = alb[1] * light;
      color[k * 3 + 2] = alb[2] * light;
    }
  }
}

function paintBackground(color: Float32Array, W: number, H: number, kind: 'id-photo' | 'hall'): void {
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const k = (y * W + x) * 3;
      if (kind === 'id-photo') {
        color[k] = 0.97;
        color[k + 1] = 0.97;
        color[k + 2] = 0.97;
        continue;
      }
      // A service hall behind the citizen: a pale wall, a darker door band, a light strip.
      const t = y / H;
      let c: Vec3 = [0.78 - 0.15 * t, 0.8 - 0.15 * t, 0.82 - 0.12 * t];
      if (x > W * 0.72 && x < W * 0.9 && y > H * 0.25) c = [0.45, 0.38, 0.32];
      if (y < H * 0.06) c = [0.95, 0.95, 0.92];
      color[k] = c[0];
      color[k + 1] = c[1];
      color[k + 2] = c[2];
    }
  }
}

function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}
function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
function normalise(a: Vec3): Vec3 {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
}
