import {
  generateEncodingAESKey,
  generateToken,
  randomAlphanumeric,
} from './generateKeys';

describe('generateKeys', () => {
  it('makes an EncodingAESKey WeCom accepts: 43 letters/digits decoding to 32 bytes', () => {
    const key = generateEncodingAESKey();
    expect(key).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(Buffer.from(`${key}=`, 'base64')).toHaveLength(32);
  });

  it('makes a 32-character Token', () => {
    expect(generateToken()).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('draws from the secure random source, differently each time', () => {
    const spy = jest.spyOn(crypto, 'getRandomValues');
    const keys = new Set(
      Array.from({ length: 20 }, () => generateEncodingAESKey()),
    );
    expect(keys.size).toBe(20);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  it('uses every letter and digit', () => {
    const seen = new Set(randomAlphanumeric(5000));
    expect(seen.size).toBe(62);
  });
});
