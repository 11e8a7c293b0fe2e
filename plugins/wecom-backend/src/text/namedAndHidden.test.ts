import { namedAndHidden } from './namedAndHidden';

describe('namedAndHidden', () => {
  it('names what the caller sees and only counts the rest', () => {
    expect(namedAndHidden(['"a"', '"b"'], 0)).toBe('"a", "b"');
    expect(namedAndHidden(['"a"'], 2)).toBe('"a" and 2 more you cannot see');
    expect(namedAndHidden([], 3)).toBe('3 you cannot see');
  });
});
