import { createRequire } from 'node:module';

/**
 * The few OpenCV calls the document camera uses, typed here rather than through the package's own
 * (very large, loosely typed) declarations. The build is OpenCV's official WebAssembly port
 * (`@techstark/opencv-js`, Apache-2.0): edge detection, contours and the perspective warp are
 * OpenCV's, not ours.
 */
export interface CvMat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Uint8Array;
  readonly data32S: Int32Array;
  readonly data64F: Float64Array;
  delete(): void;
  channels(): number;
}
export interface CvMatVector {
  size(): number;
  get(i: number): CvMat;
  delete(): void;
}
export interface CvSize {
  width: number;
  height: number;
}
export interface Cv {
  Mat: new () => CvMat;
  MatVector: new () => CvMatVector;
  Size: new (w: number, h: number) => CvSize;
  Scalar: new (...v: number[]) => unknown;
  CV_8UC1: number;
  CV_8UC3: number;
  CV_8UC4: number;
  CV_32FC2: number;
  CV_64F: number;
  COLOR_RGB2GRAY: number;
  COLOR_RGBA2GRAY: number;
  THRESH_BINARY: number;
  THRESH_OTSU: number;
  ADAPTIVE_THRESH_GAUSSIAN_C: number;
  RETR_EXTERNAL: number;
  CHAIN_APPROX_SIMPLE: number;
  INTER_LINEAR: number;
  INTER_AREA: number;
  BORDER_REPLICATE: number;
  MORPH_RECT: number;
  matFromArray(rows: number, cols: number, type: number, data: ArrayLike<number>): CvMat;
  cvtColor(src: CvMat, dst: CvMat, code: number): void;
  GaussianBlur(src: CvMat, dst: CvMat, k: CvSize, sigma: number): void;
  Canny(src: CvMat, dst: CvMat, t1: number, t2: number): void;
  threshold(src: CvMat, dst: CvMat, t: number, max: number, type: number): number;
  adaptiveThreshold(src: CvMat, dst: CvMat, max: number, method: number, type: number, block: number, c: number): void;
  dilate(src: CvMat, dst: CvMat, kernel: CvMat): void;
  morphologyEx(src: CvMat, dst: CvMat, op: number, kernel: CvMat): void;
  getStructuringElement(shape: number, size: CvSize): CvMat;
  findContours(src: CvMat, contours: CvMatVector, hierarchy: CvMat, mode: number, method: number): void;
  contourArea(c: CvMat): number;
  arcLength(c: CvMat, closed: boolean): number;
  approxPolyDP(c: CvMat, out: CvMat, eps: number, closed: boolean): void;
  isContourConvex(c: CvMat): boolean;
  convexHull(c: CvMat, out: CvMat, clockwise: boolean, returnPoints: boolean): void;
  getPerspectiveTransform(src: CvMat, dst: CvMat): CvMat;
  warpPerspective(src: CvMat, dst: CvMat, m: CvMat, size: CvSize, flags: number, border: number): void;
  resize(src: CvMat, dst: CvMat, size: CvSize, fx: number, fy: number, interpolation: number): void;
  bitwise_and(a: CvMat, b: CvMat, dst: CvMat): void;
  Laplacian(src: CvMat, dst: CvMat, ddepth: number): void;
  meanStdDev(src: CvMat, mean: CvMat, std: CvMat): void;
}

let loading: Promise<Cv> | null = null;

/** OpenCV's wasm runtime, compiled once per thread (about a second; the workers keep it). */
export function loadOpenCv(): Promise<Cv> {
  loading ??= new Promise<Cv>((resolve, reject) => {
    const mod = createRequire(import.meta.url)('@techstark/opencv-js') as Cv & { onRuntimeInitialized?: () => void; calledRun?: boolean; then?: unknown };
    // The Emscripten module has a `then` method that hands out the module itself: any promise
    // resolved with it would chain on it forever. Nothing here needs it.
    delete mod.then;
    if (mod.calledRun) {
      resolve(mod);
      return;
    }
    const timer = setTimeout(() => reject(new Error('OpenCV did not initialise within 60 s')), 60_000);
    mod.onRuntimeInitialized = () => {
      clearTimeout(timer);
      resolve(mod);
    };
  });
  return loading;
}
