import { describe, expect, it } from 'vitest';
import type { LabelledSample } from '../../shared/datasets.ts';
import { classificationPrompt, labelsOf, parseLabel, scorePrompted, shotsFor, UNPARSED } from './prompt-classify.ts';

const labels = ['python', 'java', 'c', 'cpp', 'javascript'];
const s = (label: string): LabelledSample => ({ id: label, text: 'x = 1', label, language: label });

describe('classificationPrompt', () => {
  it('names the labels, gives the shots with answers and ends where the answer goes', () => {
    const p = classificationPrompt('int main() {}', labels, [
      { id: 'a', text: 'def f():\n    pass', label: 'python', language: 'python' },
    ]);
    expect(p).toBe(
      'Which programming language is this code written in? Answer with one of: python, java, c, cpp, javascript.\n\n' +
        'Code:\ndef f():\n    pass\nLanguage: python\n\nCode:\nint main() {}\nLanguage:',
    );
    expect(classificationPrompt('a', labels)).not.toContain('Language: python');
  });
});

describe('parseLabel', () => {
  it('reads the first label named, as a whole word, any case', () => {
    expect(parseLabel(' Python\n', labels)).toBe('python');
    expect(parseLabel(' It is Java, not python', labels)).toBe('java');
    expect(parseLabel(' cpp', labels)).toBe('cpp');
    expect(parseLabel(' C', labels)).toBe('c');
  });

  it('knows the usual aliases and does not read "c" inside other words', () => {
    expect(parseLabel(' C++', labels)).toBe('cpp');
    expect(parseLabel(' JS', labels)).toBe('javascript');
    expect(parseLabel(' code in csharp or objective-c', labels)).toBe('c');
    expect(parseLabel(' csharp', labels)).toBeNull();
    expect(parseLabel('', labels)).toBeNull();
  });
});

describe('scorePrompted', () => {
  it('scores parsed answers and counts unparsed ones as wrong', () => {
    const r = scorePrompted([s('python'), s('java'), s('c'), s('rust')], [' python', ' banana', ' cpp', ' rust'], labels);
    expect(r.unparsed).toBe(1);
    expect(r.unmapped).toBe(1);
    expect(r.metrics.samples).toBe(3);
    expect(r.metrics.correct).toBe(1);
    expect(r.metrics.labels.at(-1)).toBe(UNPARSED);
    expect(r.metrics.confusion[1]?.[5]).toBe(1);
  });
});

describe('labelsOf and shotsFor', () => {
  it('orders labels as the bundled languages, then by name', () => {
    expect(labelsOf([s('javascript'), s('zig'), s('python'), s('c'), s('ada')])).toEqual([
      'python',
      'c',
      'javascript',
      'ada',
      'zig',
    ]);
  });

  it('takes one answered example per label from the benchmark snippets, none for unknown labels', () => {
    const shots = shotsFor(['python', 'zig', 'cpp']);
    expect(shots.map((x) => x.label)).toEqual(['python', 'cpp']);
    expect(shots[0]?.text.length).toBeGreaterThan(20);
  });
});
