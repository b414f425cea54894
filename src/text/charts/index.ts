export { bar, barChart } from './bar.js';
export { sparkline } from './sparkline.js';
export { lineChart } from './line.js';
export { rocChart, rocAuc } from './roc.js';
export { treeLines, tasksToTree, type TreeLine } from './tree.js';
export { dagBands, dagColumns, dagLayers } from './dag.js';
export { flowDiagram } from './flow.js';
export { formatNumber, fit, type NumberFormat } from './format.js';
export { tableLines } from './table.js';
