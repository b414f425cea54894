/** The local emulation's entry points (loaded lazily by ../index.ts). */
export { showTasksLocal, executeTaskLocal, taskHistoryLocal } from './tasks.js';
export { streamStatusLocal, streamAppendLocal } from './stream.js';
export { streamProcessLocal } from './process.js';
export { showSharesLocal, describeShareLocal, shareQueryLocal, refreshShareLocal } from './share.js';
