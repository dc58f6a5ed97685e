// File names of exports (pure; runs everywhere): what the download buttons call the files they save.

/** A file-name part from any text (a model id, a URL): letters, digits, dot and dash; everything else becomes `_`. */
export const fileSafe = (text: string): string => text.replace(/[^\w.-]+/g, '_');

/** `tierlab-<parts joined by ->.<extension>`, each part made file-safe. */
export const exportFileName = (parts: readonly string[], extension: string): string =>
  `${['tierlab', ...parts].map(fileSafe).join('-')}.${extension}`;
