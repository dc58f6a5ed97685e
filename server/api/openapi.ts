// The OpenAPI description of the results API (Node, server), served at /api/openapi.json and checked against the
// routes in tests.

const error = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
const filters = [
  { name: 'model', in: 'query', schema: { type: 'string', maxLength: 200 } },
  { name: 'variant', in: 'query', schema: { type: 'string', maxLength: 200 } },
  { name: 'backend', in: 'query', schema: { type: 'string', enum: ['wasm', 'webgpu'] } },
  { name: 'deviceClass', in: 'query', schema: { type: 'string', maxLength: 200 } },
  { name: 'batch', in: 'query', schema: { type: 'integer', minimum: 1 } },
  { name: 'includeFlagged', in: 'query', schema: { type: 'boolean', default: false } },
];

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'TierLab results API',
    version: '1',
    description:
      'Crowd-sourced benchmark results. Submissions are RunResult documents (schema: src/shared/run-result.ts); the user-agent is never stored.',
  },
  paths: {
    '/api/results': {
      post: {
        summary: 'Submit a RunResult',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: true,
            schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,128}$' },
          },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '201': { description: 'Stored (or the same key and body again): id, url and validity flags' },
          '400': errorResponse('Not JSON, wrong content type, empty body, or a missing or bad Idempotency-Key'),
          '413': errorResponse('Body over 2 MB'),
          '422': errorResponse('Not a valid RunResult, an unknown model, or the key used with a different body'),
          '429': errorResponse('Too many submissions from this address; see Retry-After'),
        },
      },
      get: {
        summary: 'List results, newest first',
        parameters: [
          ...filters,
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        ],
        responses: { '200': { description: 'items, total, limit, offset' } },
      },
    },
    '/api/results/{id}': {
      get: {
        summary: 'One stored result',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { '200': { description: 'The stored result' }, '404': errorResponse('No such result') },
      },
    },
    '/api/aggregates': {
      get: {
        summary: 'Median of medians and count per device class and batch size (flagged results left out by default)',
        parameters: filters,
        responses: { '200': { description: 'rows' } },
      },
    },
    '/api/export': {
      get: {
        summary: 'Results as CSV (one row per result and batch size) or JSON, at most 10,000 results',
        parameters: [...filters, { name: 'format', in: 'query', schema: { type: 'string', enum: ['csv', 'json'] } }],
        responses: { '200': { description: 'text/csv or application/json' } },
      },
    },
    '/api/openapi.json': { get: { summary: 'This description', responses: { '200': { description: 'OpenAPI 3.1' } } } },
  },
} as const;
