import { useEffect, useState } from 'react';
import {
  type DefaultEntityFilters,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import {
  CANARY_STATUS_FILTER_VALUES,
  CanaryStatusFilter,
  type CanaryStatusFilterValue,
} from './CanaryStatusFilter';
import { CanaryStatusSelect } from './CanaryStatusSelect';
import { useInboxEntityRefs } from './useInboxEntityRefs';

type CanaryFilters = DefaultEntityFilters & { canary?: CanaryStatusFilter };

const fromQuery = (value: unknown): CanaryStatusFilterValue | undefined => {
  const first = Array.isArray(value) ? value[0] : value;
  return CANARY_STATUS_FILTER_VALUES.find(v => v === first);
};

/**
 * The catalog's Canary filter: entities set up for canary delivery, with a rollout waiting for
 * approval or failed, or needing the user (the inbox's entities). Kept in the page's URL.
 *
 * @public
 */
export const CanaryStatusPicker = () => {
  const { updateFilters, queryParameters } = useEntityList<CanaryFilters>();
  const [value, setValue] = useState(() => fromQuery(queryParameters.canary));
  const inboxRefs = useInboxEntityRefs(
    value === 'needs-attention' || value === 'needs-you',
    value === 'needs-you' ? 'needs-you' : undefined,
  );

  useEffect(() => {
    if (!value) {
      updateFilters({ canary: undefined });
    } else if (value === 'uses-canary') {
      updateFilters({ canary: new CanaryStatusFilter(value) });
    } else if (inboxRefs.value) {
      updateFilters({ canary: new CanaryStatusFilter(value, inboxRefs.value) });
    }
  }, [value, inboxRefs.value, updateFilters]);

  return (
    <CanaryStatusSelect
      value={value}
      onChange={setValue}
      error={inboxRefs.error}
    />
  );
};
