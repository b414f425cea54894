import type { StageContext, StageOutcome } from '../pipeline/pipeline.js';
import { splitStatements } from '../util/sql-split.js';
import { readRepoFile } from '../util/paths.js';
import { SECURE_VIEWS_FILE } from './share-definition.js';

/**
 * Pipeline stage 'share refresh' (and the local body of the refresh_analytics_views task):
 * (re)creates the secure views of sql/collaboration/secure_views.sql. Locally it also records the
 * share and its grants as create_share.sql and secure_views.sql declare them; on Snowflake the
 * views are replaced COPY GRANTS and granted to the share deploy created.
 */
export async function shareRefreshStageRun(context: StageContext): Promise<StageOutcome> {
  const { backend } = context;
  context.onProgress({ stage: 'share refresh', fraction: 0 });
  let views: string[];
  if (backend.kind === 'local') {
    const { refreshShareLocal } = await import('./local/share.js');
    views = (await refreshShareLocal(backend)).views;
  } else {
    views = [];
    for (const statement of splitStatements(readRepoFile(...SECURE_VIEWS_FILE))) {
      await backend.query(statement.text, { signal: context.signal });
      const name = /^CREATE\b[^;]*?\bVIEW\s+(\S+)/i.exec(statement.text)?.[1];
      if (name) views.push(name);
    }
  }
  context.onProgress({ stage: 'share refresh', fraction: 1 });
  return { rows: views.length, detail: `secure views refreshed: ${views.map((v) => v.split('.').pop()).join(', ')}`, data: { views } };
}
