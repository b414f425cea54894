import { describe, expect, it } from 'vitest';
import { parseDag } from '../../src/orchestration/dag.js';
import { bodyStatements, streamTask, streamsReadBy, targetOf } from '../../src/orchestration/task-body.js';

const GRAPH = `
USE SCHEMA RAW;
CREATE OR REPLACE STREAM events_stream ON TABLE RAW.EVENTS APPEND_ONLY = TRUE;
CREATE OR REPLACE STREAM views_stream ON TABLE RAW.VIEWS APPEND_ONLY = TRUE;
-- local: stream process
CREATE OR REPLACE TASK process_events
  SCHEDULE = '1 MINUTE'
  WHEN SYSTEM$STREAM_HAS_DATA('events_stream')
AS
  EXECUTE IMMEDIATE $$
  BEGIN
    BEGIN TRANSACTION;
    MERGE INTO STG.EVENTS AS t USING (SELECT * FROM RAW.events_stream) AS s ON t.id = s.id
      WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id);
    INSERT INTO STG.CUSTOMERS SELECT DISTINCT id FROM RAW.events_stream;
    COMMIT;
  END;
  $$;
-- local: stream process
CREATE OR REPLACE TASK process_views
  SCHEDULE = '1 MINUTE'
  WHEN SYSTEM$STREAM_HAS_DATA('views_stream')
AS
  INSERT INTO "STG"."VIEWS" SELECT * FROM views_stream;
`;

describe('a stream task body, read from its definition', () => {
  const dag = parseDag(GRAPH);
  const [events, views] = [dag.tasks[0]!, dag.tasks[1]!];

  it('knows the graph schema, the streams each task reads and the table it writes first', () => {
    expect(dag.schema).toBe('RAW');
    expect(streamsReadBy(dag, events).map((s) => s.name)).toEqual(['EVENTS_STREAM']);
    expect(streamsReadBy(dag, views).map((s) => s.name)).toEqual(['VIEWS_STREAM']);
    expect(targetOf(events)).toBe('STG.EVENTS');
    expect(targetOf(views)).toBe('STG.VIEWS');
  });

  it('unwraps a scripting block into its statements, leaving the transaction to the caller', () => {
    const statements = bodyStatements(events.definition);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^MERGE INTO STG\.EVENTS/);
    expect(statements[1]).toMatch(/^INSERT INTO STG\.CUSTOMERS/);
    expect(bodyStatements(views.definition)).toEqual([views.definition.trim().replace(/;$/, '')]);
  });

  it('picks a stream task by name, the first by default, and refuses a task that reads no stream', () => {
    expect(streamTask(dag).name).toBe('PROCESS_EVENTS');
    expect(streamTask(dag, 'process_views').name).toBe('PROCESS_VIEWS');
    expect(() => streamTask(dag, 'nope')).toThrow(/does not consume a stream/);
  });
});
