// A QR code drawn into a camera-sized RGBA frame in Node (qrcode's module matrix, scaled to ~80% of the height,
// 4-module quiet zone): for benchmarks and for fake-camera videos of codes the app does not animate itself.
import QRCode from 'qrcode';

export function qrFrame(text: string, width: number, height: number, level: 'L' | 'M' = 'L'): { rgba: Uint8ClampedArray; version: number } {
  const qr = QRCode.create(text, { errorCorrectionLevel: level });
  const { size, data } = qr.modules;
  const scale = Math.max(1, Math.floor((Math.min(width, height) * 0.8) / (size + 8)));
  const left = Math.floor((width - size * scale) / 2);
  const top = Math.floor((height - size * scale) / 2);
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!data[row * size + col]) continue;
      for (let y = top + row * scale; y < top + (row + 1) * scale; y++) {
        for (let x = left + col * scale; x < left + (col + 1) * scale; x++) {
          const i = (y * width + x) * 4;
          rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
        }
      }
    }
  }
  return { rgba, version: qr.version };
}
