import React from 'react';
import { Box, Text } from 'ink';
import type { WarehouseStatus } from '../state.js';
import { clock } from '../format-time.js';
import { truncate } from '../../text/width.js';
import { progressText } from './MainPanel.js';

export interface BuildOfferProps {
  warehouse: WarehouseStatus;
  where: string;
  width: number;
  now: number;
  /** What each scale takes, as measured (from the scene deck's front matter). */
  testScaleTakes: string;
  fullScaleTakes: string;
}

/** The empty-warehouse offer, and the build's progress once chosen. */
export function BuildOffer(props: BuildOfferProps): React.JSX.Element {
  const w = props.warehouse;
  const inner = props.width - 6;
  const t = (s: string) => truncate(s, inner);
  return (
    <Box flexDirection="column" width={props.width} borderStyle="double" borderColor="yellow" paddingX={2}>
      {w.status === 'empty' ? (
        <>
          <Text bold color="yellow">
            {t(`The warehouse is empty (${w.detail}).`)}
          </Text>
          <Text>{t(props.where)}</Text>
          <Text> </Text>
          <Text>{t('Build it now with the pipeline (generate, validate, dbt, churn, share):')}</Text>
          <Text>
            <Text bold>t</Text>
            {t(`  test scale: 1,000 customers, ${props.testScaleTakes}`)}
          </Text>
          <Text>
            <Text bold>f</Text>
            {t(`  full scale: 50,000 customers, ~11.3M transactions, ${props.fullScaleTakes}`)}
          </Text>
          <Text>
            <Text bold>Esc</Text>
            {t(' continue without data (scenes show their fallback talking points)')}
          </Text>
        </>
      ) : w.status === 'building' || w.status === 'build-requested' ? (
        <>
          <Text bold color="yellow">
            {t(`Building the warehouse at ${w.scale} scale… ${w.status === 'building' ? clock(props.now - w.startedAt) : ''}`)}
          </Text>
          <Text>{t(w.status === 'building' && w.progress ? progressText(w.progress, 30) : 'starting…')}</Text>
          <Text color="gray">{t('Keys still work; the scenes run when the build is done.')}</Text>
        </>
      ) : w.status === 'build-failed' ? (
        <>
          <Text bold color="red">
            {t(`The build failed: ${w.error}`)}
          </Text>
          <Text>{t('t / f to try again, Esc to continue without data.')}</Text>
        </>
      ) : (
        <Text>checking the warehouse…</Text>
      )}
    </Box>
  );
}
