/** The worker thread of startShuffledControls (./shuffled-controls.ts): runs the fits, reports each one, sends the results. */
import { parentPort, workerData } from 'node:worker_threads';
import { runShuffledControls, type ControlInputs } from './shuffled-controls.js';

const port = parentPort!;
const results = runShuffledControls(workerData as ControlInputs, (fit) => port.postMessage({ fit }));
port.postMessage({ results });
