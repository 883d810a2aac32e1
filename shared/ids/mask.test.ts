import { describe, expect, it } from 'vitest';
import { maskMobile, maskName, maskResidentId, maskUscc } from './mask';

describe('masking', () => {
  it('keeps what a clerk needs', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskUscc('91350100M000100Y43')).toBe('91************0Y43');
  });
});
