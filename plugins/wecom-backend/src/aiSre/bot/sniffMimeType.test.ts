import { sniffMimeType } from './sniffMimeType';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('sniffMimeType', () => {
  it('knows images and PDFs by their first bytes', () => {
    expect(
      sniffMimeType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1)),
    ).toBe('image/png');
    expect(sniffMimeType(bytes(0xff, 0xd8, 0xff, 0xe0, 0))).toBe('image/jpeg');
    expect(sniffMimeType(Buffer.from('GIF89a....'))).toBe('image/gif');
    expect(sniffMimeType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe(
      'image/webp',
    );
    expect(sniffMimeType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('calls UTF-8 without binary bytes text, Chinese included', () => {
    expect(
      sniffMimeType(Buffer.from('根因：连接池耗尽\nERROR at 09:00\r\n')),
    ).toBe('text/plain');
  });

  it('calls anything else octets', () => {
    expect(sniffMimeType(bytes(0x00, 0x01, 0x02))).toBe(
      'application/octet-stream',
    );
    expect(sniffMimeType(bytes(0xc3, 0x28, 0x41))).toBe(
      'application/octet-stream',
    );
    // A RIFF that is not WebP (a WAV) is not an image.
    expect(sniffMimeType(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBe(
      'application/octet-stream',
    );
    expect(sniffMimeType(new Uint8Array())).toBe('application/octet-stream');
  });
});
