import { parentPort, workerData } from 'node:worker_threads';
import { ruleTrials } from '../../contracts/service-definition.js';
import { CatalogError, loadCatalog } from './service-catalog.js';

/**
 * The service catalog check in a worker thread (see loadServiceCatalogChecked): reports each file
 * and each policy rule before it is tried, so the host can stop a rule that will not finish.
 */
const port = parentPort!;
const { dir } = workerData as { dir: string };
ruleTrials.before = (ruleId) => port.postMessage({ kind: 'rule', ruleId });
try {
  const catalog = loadCatalog(dir, (file) => port.postMessage({ kind: 'file', file }));
  port.postMessage({ kind: 'done', catalog });
} catch (e) {
  if (e instanceof CatalogError) port.postMessage({ kind: 'catalog-error', lines: e.lines });
  else port.postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
}
