// Labelled evaluation datasets (runs everywhere): the sample shape, and the dataset catalog (the bundled set, and
// Hub datasets read on the user's device through the Hub's dataset rows API).
import { PlanError } from './errors.ts';
import { LANGUAGE_ID_SET } from './datasets/language-id-set.ts';
import type { LabelledSample } from './datasets/labelled-sample.ts';

export type { LabelledSample };

/** Where a Hub dataset's rows come from, through the dataset viewer's /rows API. */
export interface HubDatasetSource {
  dataset: string;
  config: string;
  split: string;
  textColumn: string;
  labelColumn: string;
  /** Column naming each sample's programming language; the label itself when absent. */
  languageColumn?: string;
  /** Rows to evaluate at most, read in pages spread evenly over the split (splits are often sorted by label). */
  maxRows: number;
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
  hub?: HubDatasetSource;
  /** Pages the entry's facts were read from. */
  sources: string[];
  /** Facts not checked against a source. */
  unverified: string[];
}

export const BUNDLED_LANGUAGE_ID: DatasetEntry = {
  id: 'tierlab/language-id-set',
  name: 'TierLab language-ID set (bundled)',
  description: `${LANGUAGE_ID_SET.length} short samples in Python, Java, C, C++ and JavaScript written for TierLab, some deliberately ambiguous`,
  task: 'language-id',
  licence: 'Apache-2.0 (written for TierLab)',
  source: 'bundled',
  sources: [],
  unverified: [],
};

/**
 * Hub datasets read on the user's device. The first is TierLab's own set as this server's mirror publishes it in
 * the rows API's layout (with `hub=local`), so the remote path is exercised without the Hub.
 */
export const HUB_DATASETS: readonly DatasetEntry[] = [
  {
    id: 'hub:tierlab/language-id-set',
    name: 'TierLab language-ID set (through the rows API)',
    description: 'The bundled set as a Hub dataset: label is a ClassLabel column, read page by page and cached',
    task: 'language-id',
    licence: 'Apache-2.0 (written for TierLab)',
    source: 'hub',
    hub: {
      dataset: 'tierlab/language-id-set',
      config: 'default',
      split: 'test',
      textColumn: 'code',
      labelColumn: 'label',
      languageColumn: 'language',
      maxRows: 40,
    },
    sources: [],
    unverified: ["published only on this server's mirror, not on the Hub"],
  },
  {
    id: 'hub:code-search-net/code_search_net',
    name: 'CodeSearchNet test split (Go, Java, JavaScript, PHP, Python, Ruby)',
    description: 'Functions from open-source projects labelled by language; CodeBERTa-language-id was trained on it',
    task: 'language-id',
    licence: 'various (per repository), see the dataset card',
    source: 'hub',
    hub: {
      dataset: 'code-search-net/code_search_net',
      config: 'all',
      split: 'test',
      textColumn: 'func_code_string',
      labelColumn: 'language',
      maxRows: 300,
    },
    sources: ['https://huggingface.co/datasets/code-search-net/code_search_net'],
    unverified: ['that the dataset viewer serves this split', 'column names', 'licence'],
  },
];

export const DATASETS: readonly DatasetEntry[] = [BUNDLED_LANGUAGE_ID, ...HUB_DATASETS];

/** The samples of a bundled dataset. */
export function bundledSamples(id: string): readonly LabelledSample[] {
  if (id === BUNDLED_LANGUAGE_ID.id) return LANGUAGE_ID_SET;
  throw new PlanError(`no bundled dataset "${id}"`);
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
