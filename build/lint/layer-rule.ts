// The ESLint rule `tierlab/layers` (Node, lint): every relative import is checked against the layer table in
// layers.ts, so a page importing a worker implementation, a contract importing an implementation, shared code
// importing the statistics layer or one page importing another's code is marked where it is typed and fails
// `npm run lint`. Modelled on VS Code's code-layering rule (.eslint-plugin-local/code-layering.ts).
import path from 'node:path';
import type { ESLint, Rule } from 'eslint';
import { layerViolation } from './layers.ts';

const rule: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layer table in build/lint/layers.ts (docs/architecture.md)' },
    schema: [],
    messages: { layer: '{{why}}' },
  },
  create(context) {
    const rel = (file: string) => path.relative(context.cwd, file).split(path.sep).join('/');
    const from = rel(context.physicalFilename);
    const check = (node: Rule.Node, source: unknown, typeOnly: boolean) => {
      if (typeof source !== 'string' || !/^\.{1,2}\//.test(source)) return;
      const target = rel(path.resolve(path.dirname(context.physicalFilename), source.replace(/[?#].*$/, '')));
      const why = layerViolation(from, target, typeOnly);
      if (why) context.report({ node, messageId: 'layer', data: { why } });
    };
    return {
      ImportDeclaration(node) {
        const typeOnly =
          (node as { importKind?: string }).importKind === 'type' ||
          (node.specifiers.length > 0 && node.specifiers.every((s) => (s as { importKind?: string }).importKind === 'type'));
        check(node as Rule.Node, node.source.value, typeOnly);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node as Rule.Node, node.source.value, (node as { exportKind?: string }).exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node as Rule.Node, node.source.value, (node as { exportKind?: string }).exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node as Rule.Node, node.source.value, false);
      },
    };
  },
};

/** The local plugin eslint.config.ts registers as `tierlab`. */
export const tierlabPlugin: ESLint.Plugin = { rules: { layers: rule } };
