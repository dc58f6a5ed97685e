// One fresh interpreter for one program in a Node worker thread (tests only): the Node counterpart of
// python-interpreter.worker.ts, so the interpreter pool and the oracle run in Node exactly as in the frame.
import { parentPort, workerData } from 'node:worker_threads';
import { loadPyodide } from 'pyodide';
import { runProgram } from '../../workers/sandbox/python-runner.ts';

const port = parentPort;
if (!port) throw new Error('run me as a worker thread');
const started = performance.now();
const py = await loadPyodide({ _loadSnapshot: (workerData as { snapshot: Uint8Array }).snapshot });
port.postMessage({ type: 'booted', ms: performance.now() - started });
port.once('message', (m: { type: string; program: string }) => {
  if (m.type === 'run') void runProgram(py, m.program).then((r) => port.postMessage({ type: 'report', ...r }));
});
