// A camera frame's luma (the Y plane every YUV camera format starts with) cropped and scaled into the grey RGBA
// picture the QR reader reads: no colour conversion and no canvas, only the bytes the decoder looks at.

/** Where the luma bytes are: the plane's first byte of the copied rectangle, and its bytes per row. */
export interface LumaPlane {
  bytes: Uint8Array;
  offset: number;
  stride: number;
  /** The copied rectangle's size, in pixels. */
  width: number;
  height: number;
}

/**
 * Samples the plane down (or up) to width × height, nearest pixel: a QR module's edges stay sharp, and each output
 * pixel costs one read. Returns RGBA with R = G = B = luma, A = 255.
 */
export function lumaToGreyRgba(plane: LumaPlane, width: number, height: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  const columns = new Uint32Array(width);
  for (let x = 0; x < width; x++) columns[x] = Math.min(plane.width - 1, Math.floor(((x + 0.5) * plane.width) / width));
  let o = 0;
  for (let y = 0; y < height; y++) {
    const row = plane.offset + Math.min(plane.height - 1, Math.floor(((y + 0.5) * plane.height) / height)) * plane.stride;
    for (let x = 0; x < width; x++) {
      const value = plane.bytes[row + columns[x]!]!;
      out[o] = value;
      out[o + 1] = value;
      out[o + 2] = value;
      out[o + 3] = 255;
      o += 4;
    }
  }
  return out;
}

/** The camera formats whose first plane is luma (VideoPixelFormat names). */
export function hasLumaPlane(format: string | null): boolean {
  return format !== null && /^(I420|I420A|I422|I422A|I444|I444A|NV12)$/.test(format);
}

/** A crop rectangle aligned to even pixels, as 4:2:0 formats require of a copy; it covers the asked one. */
export function evenRect(x: number, y: number, width: number, height: number, maxWidth: number, maxHeight: number): { x: number; y: number; width: number; height: number } {
  const left = Math.max(0, Math.floor(x / 2) * 2);
  const top = Math.max(0, Math.floor(y / 2) * 2);
  const right = Math.min(maxWidth, Math.ceil((x + width) / 2) * 2);
  const bottom = Math.min(maxHeight, Math.ceil((y + height) / 2) * 2);
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Side of the grey thumbnail compared between frames to tell whether the picture changed. */
export const THUMBNAIL_WIDTH = 64;
export const THUMBNAIL_HEIGHT = 48;
/** Mean difference, in levels of 255, above which a picture counts as changed (a webcam's noise is ~1-3). */
const CHANGE_THRESHOLD = 4;

/** The plane as a small grey picture, one byte a pixel, nearest pixel. */
export function lumaThumbnail(plane: LumaPlane): Uint8Array {
  const out = new Uint8Array(THUMBNAIL_WIDTH * THUMBNAIL_HEIGHT);
  for (let y = 0; y < THUMBNAIL_HEIGHT; y++) {
    const row = plane.offset + Math.floor(((y + 0.5) * plane.height) / THUMBNAIL_HEIGHT) * plane.stride;
    for (let x = 0; x < THUMBNAIL_WIDTH; x++) out[y * THUMBNAIL_WIDTH + x] = plane.bytes[row + Math.floor(((x + 0.5) * plane.width) / THUMBNAIL_WIDTH)]!;
  }
  return out;
}

/** Whether two thumbnails show a different picture: a new QR frame changes far more than a camera's noise. */
export function pictureChanged(previous: Uint8Array | undefined, next: Uint8Array): boolean {
  if (!previous || previous.length !== next.length) return true;
  let sum = 0;
  for (let i = 0; i < next.length; i++) sum += Math.abs(next[i]! - previous[i]!);
  return sum / next.length > CHANGE_THRESHOLD;
}
