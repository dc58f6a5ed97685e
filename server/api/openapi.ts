// The OpenAPI description of the results API (Node, server), served at /api/openapi.json and checked against the
// routes in tests.

const error = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
const filters = [
  { name: 'model', in: 'query', schema: { type: 'string', maxLength: 200 } },
  { name: 'variant', in: 'query', schema: { type: 'string', maxLength: 200 } },
  { name: 'backend', in: 'query', schema: { type: 'string', enum: ['wasm', 'webgpu'] } },
  { name: 'deviceClass', in: 'query', schema: { type: 'string', maxLength: 200 } },
  {
    name: 'key',
    in: 'query',
    description: 'A comparability key (the work measured; docs/results.md): results of that key only',
    schema: { type: 'string', maxLength: 400 },
  },
  { name: 'batch', in: 'query', schema: { type: 'integer', minimum: 1 } },
  { name: 'includeFlagged', in: 'query', schema: { type: 'boolean', default: false } },
];

const roomCode = { name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Z2-9]{6}$' } };

function presenterOnly(summary: string, extra: object[] = []) {
  return {
    summary,
    parameters: [
      roomCode,
      ...extra,
      { name: 'Authorization', in: 'header', required: true, schema: { type: 'string', pattern: '^Bearer .+$' } },
    ],
    responses: {
      '200': { description: 'Done' },
      '401': errorResponse('No presenter secret sent'),
      '403': errorResponse('Wrong presenter secret'),
      '404': errorResponse('No such room (or result)'),
    },
  };
}

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'TierLab results and rooms API',
    version: '1',
    description:
      'Crowd-sourced benchmark results. Submissions are RunResult documents (schema: src/shared/run-result.ts); the user-agent is never stored.',
  },
  paths: {
    '/api/results': {
      post: {
        summary: 'Submit a RunResult',
        parameters: [
          { name: 'room', in: 'query', schema: { type: 'string', pattern: '^[A-Z2-9]{6}$' } },
          { name: 'device', in: 'query', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } },
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
          '404': errorResponse('With ?room=: no such room'),
          '409': errorResponse('With ?room=: the room is closed or full'),
          '422': errorResponse(
            "Not a valid RunResult of schema version 2, an unknown model, a figure that does not follow from the samples (the message names the field), the key used with a different body, or (with ?room=) a plan that differs from the room's (sampling protocol included)",
          ),
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
        summary:
          'One stored result, with its standing: per batch size, the share of the unflagged results of its key that took longer, in its device class and among all devices, with 95% Wilson intervals and the nearest faster and slower results',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { '200': { description: 'The stored result' }, '404': errorResponse('No such result') },
      },
    },
    '/api/keys': {
      get: {
        summary: 'The comparability keys (the work measured) of the results a filter matches, each with its fields and count',
        parameters: filters,
        responses: { '200': { description: 'keys' } },
      },
    },
    '/api/aggregates': {
      get: {
        summary:
          'Median of medians and count per comparability key, device class and batch size, with the key fields (flagged results left out by default); results of different keys are never pooled',
        parameters: filters,
        responses: { '200': { description: 'rows' } },
      },
    },
    '/api/energy': {
      get: {
        summary:
          'Endurance results with a measured battery drain, per device class: median drain under load (%/h), median stability, throttled count (modelled figures never pooled)',
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
    '/api/dataset': {
      get: {
        summary:
          'The open data set: its version, licence, number of results, the data dictionary (every column, its type and meaning) and the files',
        responses: { '200': { description: 'version, licence, licenceLine, results, asOf, files, columns' } },
      },
    },
    '/api/dataset/v1/results.csv': {
      get: {
        summary:
          'Every unflagged verified result, one row per result and batch size, streamed (gzip when accepted); sources are numbers in order of first appearance, nothing identifies a person',
        responses: {
          '200': { description: 'text/csv; Link names the licence, X-TierLab-Dataset the version, cut and count' },
          '503': errorResponse('Two downloads are under way; see Retry-After'),
        },
      },
    },
    '/api/dataset/v1/results.jsonl': {
      get: {
        summary: 'The same rows as JSON Lines, one object per line',
        responses: {
          '200': { description: 'application/jsonl' },
          '503': errorResponse('Two downloads are under way; see Retry-After'),
        },
      },
    },
    '/api/rooms': {
      post: {
        summary: 'Create a live-demo room for a catalog model and plan; answers its code and the presenter secret (once)',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['title', 'plan'] } } },
        },
        responses: {
          '201': { description: 'room, secret, joinPath, joinUrls (at the addresses phones can reach)' },
          '400': errorResponse('Not JSON or wrong content type'),
          '413': errorResponse('Body over 64 kB'),
          '422': errorResponse('Not a valid plan, or not a catalog model and variant'),
          '429': errorResponse('Too many rooms from this address; see Retry-After'),
        },
      },
    },
    '/api/rooms/{code}': {
      get: {
        summary: 'One room: title, plan, created, closed, last event id',
        parameters: [roomCode],
        responses: { '200': { description: 'RoomInfo' }, '404': errorResponse('No such room') },
      },
    },
    '/api/rooms/{code}/join': {
      get: {
        summary: 'Join URLs at the addresses phones can reach (PUBLIC_URL, else the LAN addresses), and their source',
        parameters: [roomCode],
        responses: {
          '200': { description: 'RoomJoin: joinUrls, source (public-url, lan or none)' },
          '404': errorResponse('No such room'),
        },
      },
    },
    '/api/rooms/{code}/events': {
      get: {
        summary: "The room's events as Server-Sent Events; ids count up from 1 with no gaps, heartbeats as comments",
        parameters: [
          roomCode,
          { name: 'Last-Event-ID', in: 'header', schema: { type: 'integer', minimum: 0 } },
          { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } },
        ],
        responses: {
          '200': { description: 'text/event-stream of RoomEnvelope JSON (src/shared/rooms.ts)' },
          '404': errorResponse('No such room'),
          '503': errorResponse('Too many open streams on this server; see Retry-After'),
        },
      },
    },
    '/api/rooms/{code}/export': {
      get: {
        summary: 'Every event of the room as a recording to replay',
        parameters: [roomCode],
        responses: { '200': { description: 'RecordedRoom JSON' }, '404': errorResponse('No such room') },
      },
    },
    '/api/rooms/{code}/presence': {
      post: {
        summary: "A device's state in the room: joined, running or failed (a repeat of the same state adds nothing)",
        parameters: [roomCode],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['deviceId', 'state'] } } },
        },
        responses: {
          '200': { description: 'id of the event appended, or null' },
          '409': errorResponse('The room is closed or full'),
          '422': errorResponse('Not a valid presence report'),
          '429': errorResponse('Too many reports from this address'),
        },
      },
    },
    '/api/rooms/{code}/close': { post: presenterOnly('Close the room: nothing more can join or be submitted') },
    '/api/rooms/{code}/reset': { post: presenterOnly('Start the room over: devices are forgotten, a reset event follows') },
    '/api/rooms/{code}/results/{id}/hide': {
      post: presenterOnly('Hide a result: its event is replaced, so neither the screen nor a replay shows it', [
        { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      ]),
    },
    '/api/openapi.json': { get: { summary: 'This description', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    '/api/check/ping': {
      get: {
        summary: "A phone's readiness check: is the server reachable",
        responses: { '200': { description: '{ ok, serverTime }' } },
      },
    },
    '/api/check/megabyte': {
      get: {
        summary: "A phone's readiness check: 1 MiB of random bytes to time a download (never cached)",
        responses: { '200': { description: 'application/octet-stream, 1,048,576 bytes' } },
      },
    },
  },
} as const;
