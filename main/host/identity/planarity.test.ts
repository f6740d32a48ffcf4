import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planarResidual } from './planarity.js';

/** Points of a face-like 3-D shape: a nose well in front of the cheeks (units of the face's half-width). */
const HEAD: [number, number, number][] = [
  [0, -0.1, 0.45], [0, 0.05, 0.35], [0, 0.35, 0.2], [-0.35, 0.3, 0.1], [-0.15, 0.3, 0.12], [0.35, 0.3, 0.1], [0.15, 0.3, 0.12],
  [-0.25, -0.45, 0.12], [0.25, -0.45, 0.12], [0, -0.85, 0.1], [0, 0.8, 0.05], [-0.75, 0.1, -0.2], [0.75, 0.1, -0.2], [-0.6, -0.5, -0.1], [0.6, -0.5, -0.1],
];

function project(points: [number, number, number][], yaw: number, flat = false): [number, number][] {
  const d = 6;
  return points.map(([x, y, z]) => {
    const zz = flat ? 0 : z;
    const rx = x * Math.cos(yaw) + zz * Math.sin(yaw);
    const rz = -x * Math.sin(yaw) + zz * Math.cos(yaw);
    const s = d / (d - rz);
    return [200 + rx * 100 * s, 200 - y * 100 * s];
  });
}

describe('planarity (parallax liveness)', () => {
  it('a flat picture turned by any angle is explained by one homography', () => {
    const front = project(HEAD, 0, true);
    for (const yaw of [0.2, 0.4, 0.6]) assert.ok(planarResidual(front, project(HEAD, yaw, true)) < 0.005, `yaw ${yaw}`);
  });

  it('a head turned as the challenge asks is not, and more so the further it turns', () => {
    const front = project(HEAD, 0);
    const r20 = planarResidual(front, project(HEAD, 0.35));
    const r35 = planarResidual(front, project(HEAD, 0.6));
    assert.ok(r20 > 0.02, `residual at 0.35 rad: ${r20}`);
    assert.ok(r35 > r20);
  });

  it('too few or degenerate points give no evidence of depth', () => {
    assert.equal(planarResidual([[0, 0], [1, 1]], [[0, 0], [1, 1]]), 0);
    const same: [number, number][] = Array.from({ length: 8 }, () => [5, 5]);
    assert.equal(planarResidual(same, same), 0);
  });
});
