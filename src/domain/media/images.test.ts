import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { inspectImage, renderVariants, variantWidthsFor, MAX_PIXELS } from './images.ts';

// A PNG that claims huge dimensions in its header: inspecting it must not decode the pixels.
function pngHeaderClaiming(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const check = Buffer.alloc(4);
    check.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, check]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(10))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('image pipeline', () => {
  it('renders only widths up to the original, and one rendition for a small image', () => {
    expect(variantWidthsFor(1000)).toEqual([320, 640, 960]);
    expect(variantWidthsFor(4000)).toEqual([320, 640, 960, 1280, 1920]);
    expect(variantWidthsFor(200)).toEqual([200]);
  });

  it('reads the displayed size and type from the header', async () => {
    const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    await expect(inspectImage(jpeg)).resolves.toEqual({ mime: 'image/jpeg', width: 200, height: 300 });
  });

  it('refuses bytes that are not an image, and formats it does not accept, naming the field', async () => {
    await expect(inspectImage(Buffer.from('GIF? no, just text'))).rejects.toMatchObject({ code: 'UNPROCESSABLE', field: 'file' });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    await expect(inspectImage(svg)).rejects.toMatchObject({ code: 'UNPROCESSABLE', field: 'file' });
  });

  it('refuses an image above the pixel limit without decoding it', async () => {
    const side = Math.ceil(Math.sqrt(MAX_PIXELS)) + 1;
    await expect(inspectImage(pngHeaderClaiming(side, side))).rejects.toMatchObject({
      code: 'IMAGE_TOO_LARGE',
      field: 'file',
      message: expect.stringContaining('may have at most 40 megapixels'),
    });
  });

  it('refuses an image cut short after its header as unprocessable, naming the field', async () => {
    const png = await sharp({ create: { width: 700, height: 400, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const cut = png.subarray(0, 200);
    // The header is whole, so only decoding finds the missing pixels.
    const inspected = await inspectImage(cut);
    await expect(renderVariants(cut, inspected)).rejects.toMatchObject({ code: 'UNPROCESSABLE', field: 'file' });
  });

  it('makes WebP and JPEG at each width, upright, with the aspect ratio kept', async () => {
    const png = await sharp({ create: { width: 700, height: 350, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const variants = await renderVariants(png, await inspectImage(png));
    expect(variants.map((v) => `${v.width}.${v.format}`)).toEqual(['320.webp', '320.jpg', '640.webp', '640.jpg']);
    const jpg = await sharp(variants[3]!.bytes).metadata();
    expect(jpg).toMatchObject({ format: 'jpeg', width: 640, height: 320 });
    expect((await sharp(variants[0]!.bytes).metadata()).format).toBe('webp');
  });
});
