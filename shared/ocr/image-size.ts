/** Width and height of a PNG, JPEG or TIFF from its header, or null for anything else. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length > 24 && view.getUint32(0) === 0x89504e47) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length > 4 && view.getUint16(0) === 0xffd8) {
    let offset = 2;
    while (offset + 9 < bytes.length) {
      if (bytes[offset] !== 0xff) return null;
      const marker = bytes[offset + 1] as number;
      const length = view.getUint16(offset + 2);
      // Start-of-frame markers (baseline, progressive, …) carry the dimensions.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
      }
      offset += 2 + length;
    }
    return null;
  }
  if (bytes.length > 8 && (view.getUint16(0) === 0x4949 || view.getUint16(0) === 0x4d4d)) {
    const little = view.getUint16(0) === 0x4949;
    const ifd = view.getUint32(4, little);
    const entries = view.getUint16(ifd, little);
    let width = 0;
    let height = 0;
    for (let i = 0; i < entries; i++) {
      const at = ifd + 2 + i * 12;
      const tag = view.getUint16(at, little);
      const type = view.getUint16(at + 2, little);
      const value = type === 3 ? view.getUint16(at + 8, little) : view.getUint32(at + 8, little);
      if (tag === 256) width = value;
      if (tag === 257) height = value;
    }
    return width && height ? { width, height } : null;
  }
  return null;
}

/** The image format, by content rather than by what a client claims. */
export function imageFormat(bytes: Uint8Array): 'png' | 'jpeg' | 'tiff' | 'pdf' | null {
  if (bytes.length < 5) return null;
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if ((bytes[0] === 0x49 && bytes[1] === 0x49) || (bytes[0] === 0x4d && bytes[1] === 0x4d)) return 'tiff';
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'pdf';
  return null;
}
