import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipEntries } from '../../workers/imageImport';
import { classOfPath, greyOf, groupByClass, IMAGE_LIMITS } from './imageFolder';

describe('own images in class folders', () => {
  it('takes the class from the folder holding each image and skips everything else', () => {
    expect(classOfPath('set/cats/1.png')).toBe('cats');
    expect(classOfPath('dogs/a.JPEG')).toBe('dogs');
    expect(classOfPath('loose.png')).toBeNull();
    expect(classOfPath('__MACOSX/cats/._1.png')).toBeNull();
    expect(classOfPath('cats/notes.txt')).toBeNull();
    const g = groupByClass(['z/dogs/2.png', 'z/cats/1.png', 'z/dogs/1.webp', 'z/readme.md'].map((path) => ({ path, item: path })), 'z.zip');
    expect(g.classNames).toEqual(['cats', 'dogs']);
    expect(g.files.map((f) => [f.label, f.path])).toEqual([
      [0, 'z/cats/1.png'],
      [1, 'z/dogs/1.webp'],
      [1, 'z/dogs/2.png'],
    ]);
  });

  it('refuses a zip without class folders, or with one class', () => {
    expect(() => groupByClass([{ path: 'a.png', item: 0 }], 'flat.zip')).toThrow(/no PNG, JPEG or WebP images in class folders/);
    expect(() => groupByClass([{ path: 'cats/a.png', item: 0 }], 'one.zip')).toThrow(/one class folder only \("cats"\)/);
  });

  it('turns RGBA into grey in [0, 1], transparency as white', () => {
    const out = new Float32Array(3);
    greyOf(Uint8ClampedArray.from([255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 0]), out);
    expect(Array.from(out)).toEqual([1, 0, 1]);
    // Grey levels are whole bytes: (0.299·200 + 0.587·100 + 0.114·50) = 124.2 → 124 / 255.
    greyOf(Uint8ClampedArray.from([200, 100, 50, 255]), out);
    expect(out[0]).toBe(Math.fround(124 / 255));
  });

  it('refuses a zip bomb from its declared sizes, before inflating it', async () => {
    const big = new Uint8Array(IMAGE_LIMITS.maxImageBytes + 1);
    const zip = zipSync({ 'cats/huge.png': [big, { level: 9 }] });
    expect(zip.length).toBeLessThan(100_000);
    await expect(zipEntries(new File([zip as Uint8Array<ArrayBuffer>], 'bomb.zip'))).rejects.toThrow(/bomb.zip: cats\/huge.png unpacks to 20 MB/);
    await expect(zipEntries(new File([new Uint8Array([1, 2, 3])], 'junk.zip'))).rejects.toThrow(/not a readable zip/);
  });

  it('refuses a zip whose entries, each within the limit, declare more than 1 GB together', async () => {
    // 60 one-byte entries whose central directory declares 20 MB each (1.2 GB), as a bomb of many files would.
    const zip = zipSync(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`set/c${i % 2}/${i}.png`, [Uint8Array.of(i), { level: 0 }]])));
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let patched = 0;
    for (let at = 0; at + 46 <= zip.length; at++) {
      if (view.getUint32(at, true) === 0x02014b50) {
        view.setUint32(at + 24, IMAGE_LIMITS.maxImageBytes, true);
        patched++;
      }
    }
    expect(patched).toBe(60);
    await expect(zipEntries(new File([zip as Uint8Array<ArrayBuffer>], 'many.zip'))).rejects.toThrow(/many.zip unpacks to more than 1024 MB: refused \(a zip bomb/);
  });
});
