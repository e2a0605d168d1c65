/**
 * Draws Gatepass's two Teams app icons, a key, and writes them next to the manifest:
 *
 * - `color.png`: 192x192, a white key on a teal background (the manifest's accentColor), the key inside
 *   the central 120x120 safe area that Teams asks for.
 * - `outline.png`: 32x32, the same key in white on a transparent background, as Teams requires.
 *
 * Run once after changing the drawing (`npx tsx appPackage/scripts/make-icons.ts`) and commit the PNGs;
 * packaging only reads them. The unit test checks that the committed files match this drawing.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PNG } from "pngjs";

/** The key's shape in its own coordinates: bow (a ring) on the left, shaft to the right, two teeth below. */
function insideKey(x: number, y: number): boolean {
  const bowX = 0.27;
  const bowY = 0.5;
  const d = Math.hypot(x - bowX, y - bowY);
  if (d <= 0.23 && d >= 0.095) return true;
  // Shaft: from inside the ring to the tip, with a rounded tip.
  const half = 0.058;
  if (x >= 0.45 && x <= 0.9 && Math.abs(y - bowY) <= half) return true;
  if (Math.hypot(x - 0.9, y - bowY) <= half) return true;
  // Teeth, hanging below the shaft.
  if (x >= 0.62 && x <= 0.71 && y >= bowY && y <= 0.71) return true;
  if (x >= 0.8 && x <= 0.89 && y >= bowY && y <= 0.66) return true;
  return false;
}

const ANGLE = -Math.PI / 4; // bow at the lower left, tip towards the upper right

/** Maps a point of the key's coordinates to the picture's (rotated about the key's centre). */
function rotate(x: number, y: number, angle: number): [number, number] {
  const cx = x - 0.5;
  const cy = y - 0.5;
  return [cx * Math.cos(angle) - cy * Math.sin(angle), cx * Math.sin(angle) + cy * Math.cos(angle)];
}

/** The rotated key's bounding box, found by sampling the shape finely. */
function rotatedBounds(): { minX: number; maxX: number; minY: number; maxY: number } {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  const steps = 600;
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      const x = i / steps;
      const y = j / steps;
      if (!insideKey(x, y)) continue;
      const [rx, ry] = rotate(x, y, ANGLE);
      minX = Math.min(minX, rx);
      maxX = Math.max(maxX, rx);
      minY = Math.min(minY, ry);
      maxY = Math.max(maxY, ry);
    }
  }
  return { minX, maxX, minY, maxY };
}

/**
 * How much of each pixel the key covers (0..1), for a picture `size` pixels wide whose key fills a centred
 * square `box` pixels wide. Coverage comes from 8x8 samples per pixel, which gives smooth edges.
 */
function keyCoverage(size: number, box: number): Float64Array {
  const b = rotatedBounds();
  const scale = box / Math.max(b.maxX - b.minX, b.maxY - b.minY);
  const midX = (b.minX + b.maxX) / 2;
  const midY = (b.minY + b.maxY) / 2;
  const coverage = new Float64Array(size * size);
  const n = 8;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          // Picture point -> rotated-key point -> key point (inverse rotation).
          const rx = (px + (sx + 0.5) / n - size / 2) / scale + midX;
          const ry = (py + (sy + 0.5) / n - size / 2) / scale + midY;
          const [kx, ky] = rotate(rx + 0.5, ry + 0.5, -ANGLE);
          if (insideKey(kx + 0.5, ky + 0.5)) hits++;
        }
      }
      coverage[py * size + px] = hits / (n * n);
    }
  }
  return coverage;
}

/** Teal background, top to bottom slightly darker; its middle tone is the manifest's accentColor. */
const TOP = [0x12, 0x8c, 0x79] as const;
const BOTTOM = [0x0a, 0x6c, 0x5d] as const;
export const ACCENT_COLOR = "#0E7C6B";

/** The 192x192 colour icon: fully opaque, white key on teal. */
export function renderColorIcon(): PNG {
  const size = 192;
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const key = keyCoverage(size, 116);
  for (let y = 0; y < size; y++) {
    const t = y / (size - 1);
    const bg = TOP.map((c, i) => c + (BOTTOM[i]! - c) * t);
    for (let x = 0; x < size; x++) {
      const a = key[y * size + x]!;
      const o = (y * size + x) * 4;
      png.data[o] = Math.round(bg[0]! + (255 - bg[0]!) * a);
      png.data[o + 1] = Math.round(bg[1]! + (255 - bg[1]!) * a);
      png.data[o + 2] = Math.round(bg[2]! + (255 - bg[2]!) * a);
      png.data[o + 3] = 255;
    }
  }
  return png;
}

/** The 32x32 outline icon: white key, transparent everywhere else (edges use alpha, never grey). */
export function renderOutlineIcon(): PNG {
  const size = 32;
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const key = keyCoverage(size, 30);
  for (let i = 0; i < size * size; i++) {
    const a = Math.round(key[i]! * 255);
    const o = i * 4;
    png.data[o] = a === 0 ? 0 : 255;
    png.data[o + 1] = a === 0 ? 0 : 255;
    png.data[o + 2] = a === 0 ? 0 : 255;
    png.data[o + 3] = a;
  }
  return png;
}

export const APP_PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

function main(): void {
  for (const [name, png] of [
    ["color.png", renderColorIcon()],
    ["outline.png", renderOutlineIcon()],
  ] as const) {
    const file = join(APP_PACKAGE_DIR, name);
    writeFileSync(file, PNG.sync.write(png));
    console.log(`Wrote ${file} (${png.width}x${png.height}).`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
