import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Select } from '@backstage/core-components';
import {
  CANARY_STATUS_FILTER_VALUES,
  type CanaryStatusFilterValue,
} from './CanaryStatusFilter';

const LABELS: Record<CanaryStatusFilterValue | 'all', string> = {
  all: 'All',
  'uses-canary': 'Set up for canary delivery',
  'needs-attention': 'Waiting for approval or failed',
  'needs-you': 'Needs you',
};

/** Props of {@link CanaryStatusSelect}. */
export type CanaryStatusSelectProps = {
  value?: CanaryStatusFilterValue;
  onChange: (value: CanaryStatusFilterValue | undefined) => void;
  /** Why the inbox could not be read, for the values that need it. */
  error?: Error;
};

/** The Canary picker of the catalog's filters: all entities, or one of the filter's values. */
export const CanaryStatusSelect = ({
  value,
  onChange,
  error,
}: CanaryStatusSelectProps) => (
  <Box pb={1} pt={1}>
    <Select
      label="Canary"
      selected={value ?? 'all'}
      items={(['all', ...CANARY_STATUS_FILTER_VALUES] as const).map(v => ({
        value: v,
        label: LABELS[v],
      }))}
      onChange={selected =>
        onChange(
          selected === 'all'
            ? undefined
            : (selected as CanaryStatusFilterValue),
        )
      }
    />
    {error && (
      <Typography variant="caption" color="error">
        Could not read the Canary inbox: {error.message}
      </Typography>
    )}
  </Box>
);
