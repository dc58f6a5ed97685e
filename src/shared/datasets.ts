// Labelled evaluation datasets (runs everywhere): the sample shape, and the dataset catalog (the bundled set, and
// Hub datasets read on the user's device through the Hub's dataset rows API).
import { LANGUAGE_ID_SET } from './datasets/language-id-set.ts';

/** One labelled input. `language` is the programming language of the sample, for the per-language breakdown. */
export interface LabelledSample {
  id: string;
  text: string;
  label: string;
  language: string;
}

export interface DatasetEntry {
  id: string;
  name: string;
  description: string;
  /** The task its labels are for (matched against a classifier's labels). */
  task: 'language-id';
  licence: string;
  /** Bundled datasets ship in the app; Hub datasets are read with the rows API. */
  source: 'bundled' | 'hub';
}

export const BUNDLED_LANGUAGE_ID: DatasetEntry = {
  id: 'tierlab/language-id-set',
  name: 'TierLab language-ID set (bundled)',
  description: `${LANGUAGE_ID_SET.length} short samples in Python, Java, C, C++ and JavaScript written for TierLab, some deliberately ambiguous`,
  task: 'language-id',
  licence: 'Apache-2.0 (written for TierLab)',
  source: 'bundled',
};

/** The samples of a bundled dataset. */
export function bundledSamples(id: string): readonly LabelledSample[] {
  if (id === BUNDLED_LANGUAGE_ID.id) return LANGUAGE_ID_SET;
  throw new Error(`no bundled dataset "${id}"`);
}

/** Common spellings of programming-language labels, folded to one name. */
const ALIASES: Record<string, string> = {
  'c++': 'cpp',
  cplusplus: 'cpp',
  js: 'javascript',
  node: 'javascript',
  py: 'python',
  python3: 'python',
};

export const normalizeLabel = (label: string): string => {
  const l = label.trim().toLowerCase();
  return ALIASES[l] ?? l;
};

/**
 * Maps dataset labels to a classifier's output indices by normalized name. Labels the model lacks map to -1: such
 * samples cannot be classified right and are counted apart.
 */
export function labelIndex(modelLabels: readonly string[]): (datasetLabel: string) => number {
  const index = new Map(modelLabels.map((l, i) => [normalizeLabel(l), i]));
  return (label) => index.get(normalizeLabel(label)) ?? -1;
}
