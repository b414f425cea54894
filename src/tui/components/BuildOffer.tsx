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
  text: BuildOfferText;
}

/** What the offer says: the pack's pipeline stages and what each scale holds and takes. */
export interface BuildOfferText {
  pipeline: string;
  test: string;
  full: string;
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
          <Text>{t(`Build it now with the pipeline (${props.text.pipeline}):`)}</Text>
          <Text>
            <Text bold>t</Text>
            {t(`  test scale: ${props.text.test}`)}
          </Text>
          <Text>
            <Text bold>f</Text>
            {t(`  full scale: ${props.text.full}`)}
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
