import { describe, expect, it } from 'vitest';
import { exportFileName, fileSafe } from './export-name.ts';

describe('export file names', () => {
  it('keeps letters, digits, dot and dash, and replaces every other run of characters', () => {
    expect(fileSafe('tierlab/tiny-code-encoder')).toBe('tierlab_tiny-code-encoder');
    expect(fileSafe('https://x.org/a b.onnx')).toBe('https_x.org_a_b.onnx');
    expect(fileSafe('../../etc/passwd')).toBe('.._.._etc_passwd');
  });

  it('prefixes tierlab and joins the parts', () => {
    expect(exportFileName(['passk', 'tierlab/tiny-code-decoder', 'q4'], 'json')).toBe(
      'tierlab-passk-tierlab_tiny-code-decoder-q4.json',
    );
  });
});
