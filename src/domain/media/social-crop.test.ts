import { describe, expect, it } from 'vitest';
import { cropAround } from './social-crop.ts';

describe('cropAround', () => {
  it('takes the full height of a wide image and centres the box on the focal point', () => {
    expect(cropAround({ width: 1920, height: 630 }, { x: 50, y: 50 })).toEqual({ left: 360, top: 0, width: 1200, height: 630 });
    expect(cropAround({ width: 1920, height: 630 }, { x: 40, y: 0 })).toEqual({ left: 168, top: 0, width: 1200, height: 630 });
  });

  it('keeps the box inside the image when the point is near an edge', () => {
    expect(cropAround({ width: 1920, height: 630 }, { x: 100, y: 50 })).toEqual({ left: 720, top: 0, width: 1200, height: 630 });
    expect(cropAround({ width: 1920, height: 630 }, { x: 0, y: 50 })).toMatchObject({ left: 0 });
  });

  it('takes the full width of a tall image and moves the box down to the point', () => {
    const box = cropAround({ width: 960, height: 1280 }, { x: 50, y: 80 });
    expect(box).toEqual({ left: 0, top: 772, width: 960, height: 504 });
    expect(box.top + box.height).toBeLessThanOrEqual(1280);
  });
});
