// One labelled input of an evaluation dataset (types only, any thread).

/** One labelled input. `language` is the programming language of the sample, for the per-language breakdown. */
export interface LabelledSample {
  id: string;
  text: string;
  label: string;
  language: string;
}
