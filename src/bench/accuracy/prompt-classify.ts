// Classifying code by prompting a generator (pure; runs everywhere): the zero- or few-shot prompt, reading the label
// out of the generated text, and scoring it like an encoder, so the two can be compared on the same samples.
import { normalizeLabel, type LabelledSample } from '../../shared/datasets.ts';
import { LANGUAGES, SNIPPETS } from '../../shared/snippets.ts';
import { classificationMetrics, type ClassificationMetrics } from './classification-metrics.ts';

/** Pseudo-label for outputs that name no known class. */
export const UNPARSED = '(no label)';

const clip = (text: string, lines: number) => text.trim().split('\n').slice(0, lines).join('\n');

/** The prompt: an instruction naming the labels, `shots` answered examples, then the sample to answer. */
export function classificationPrompt(text: string, labels: readonly string[], shots: readonly LabelledSample[] = []): string {
  const head = `Which programming language is this code written in? Answer with one of: ${labels.join(', ')}.\n\n`;
  const examples = shots.map((s) => `Code:\n${clip(s.text, 6)}\nLanguage: ${s.label}\n\n`).join('');
  return `${head}${examples}Code:\n${clip(text, 12)}\nLanguage:`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The label named first in `output` (a whole word, any case; aliases like "C++" or "JS" count), or null. Longer
 * labels are tried first at the same position, so "cpp" is not read as "c".
 */
export function parseLabel(output: string, labels: readonly string[]): string | null {
  const spellings = new Map<string, string>();
  for (const l of labels) spellings.set(l.toLowerCase(), l);
  for (const [alias, canonical] of [
    ['c++', 'cpp'],
    ['js', 'javascript'],
    ['py', 'python'],
  ] as const) {
    const l = labels.find((x) => normalizeLabel(x) === canonical);
    if (l) spellings.set(alias, l);
  }
  const words = [...spellings.keys()].sort((a, b) => b.length - a.length).map(escape);
  const match = output.toLowerCase().match(new RegExp(`(?<![a-z0-9+#])(${words.join('|')})(?![a-z0-9+#])`));
  return match ? (spellings.get(match[1] as string) ?? null) : null;
}

export interface PromptedScore {
  metrics: ClassificationMetrics;
  /** Outputs naming no label (counted wrong, shown as the last column of the confusion matrix). */
  unparsed: number;
  /** Samples whose true label is not among `labels` (left out). */
  unmapped: number;
}

/** Scores generated answers against the samples' labels. */
export function scorePrompted(
  samples: readonly LabelledSample[],
  outputs: readonly string[],
  labels: readonly string[],
): PromptedScore {
  if (samples.length !== outputs.length) throw new Error(`${outputs.length} answers for ${samples.length} samples`);
  const all = [...labels, UNPARSED];
  const index = (l: string) => labels.findIndex((x) => normalizeLabel(x) === normalizeLabel(l));
  const truth: number[] = [];
  const predicted: number[] = [];
  const groups: string[] = [];
  let unparsed = 0;
  let unmapped = 0;
  samples.forEach((s, i) => {
    const t = index(s.label);
    if (t < 0) {
      unmapped++;
      return;
    }
    const said = parseLabel(outputs[i] as string, labels);
    if (said === null) unparsed++;
    truth.push(t);
    predicted.push(said === null ? labels.length : index(said));
    groups.push(s.language);
  });
  return { metrics: classificationMetrics(truth, predicted, all, groups), unparsed, unmapped };
}

/** The labels the samples use, in the bundled language order where they are languages. */
export function labelsOf(samples: readonly LabelledSample[]): string[] {
  const seen = [...new Set(samples.map((s) => s.label))];
  const order = (l: string) => {
    const i = (LANGUAGES as readonly string[]).indexOf(l);
    return i < 0 ? LANGUAGES.length : i;
  };
  return seen.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

/** One answered example per label from the benchmark snippets, for labels that have one. */
export function shotsFor(labels: readonly string[]): LabelledSample[] {
  return labels.flatMap((label) => {
    const snippet = SNIPPETS.find((s) => s.language === label);
    return snippet ? [{ id: snippet.id, text: snippet.code, label, language: label }] : [];
  });
}
