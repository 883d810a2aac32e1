import { describe, expect, it } from 'vitest';
import { chosenFileProblem, fileSize } from './documents';

const PDF = new TextEncoder().encode('%PDF-1.7\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00]);

describe('a chosen evidence file', () => {
  it('passes as PDF, PNG or JPEG by content', () => {
    for (const head of [PDF, PNG, JPEG]) expect(chosenFileProblem(head, 2048)).toBeNull();
  });
  it('is refused by content, not name: an .exe is the wrong type whatever it is called', () => {
    expect(chosenFileProblem(EXE, 2048)).toBe('wrongType');
    expect(chosenFileProblem(new TextEncoder().encode('PDF-1.7'), 2048)).toBe('wrongType');
  });
  it('is refused when empty or over the limit (10 MB unless told)', () => {
    expect(chosenFileProblem(new Uint8Array(), 0)).toBe('empty');
    expect(chosenFileProblem(PDF, 10 * 1024 * 1024)).toBeNull();
    expect(chosenFileProblem(PDF, 10 * 1024 * 1024 + 1)).toBe('tooLarge');
    expect(chosenFileProblem(PDF, 5000, 4096)).toBe('tooLarge');
  });
});

describe('file sizes in words', () => {
  it('uses bytes, KB or MB', () => {
    expect(fileSize(900)).toEqual({ unit: 'bytes', n: '900' });
    expect(fileSize(1536)).toEqual({ unit: 'kb', n: '1.5' });
    expect(fileSize(3 * 1024 * 1024 + 100_000)).toEqual({ unit: 'mb', n: '3.1' });
  });
});
