import useAsync from 'react-use/esm/useAsync';
import type { InboxGroup } from '@backstage-canary/plugin-canary-common';
import { useCanaryApi } from '../../api';

/** Inbox pages read at most, of {@link PAGE_SIZE} entities each. */
const MAX_PAGES = 20;
const PAGE_SIZE = 100;

/**
 * The entities the inbox lists (a rollout waiting for approval or failed), all pages of it, or
 * only those with an item of `group`. Reads nothing until `enabled`.
 */
export function useInboxEntityRefs(enabled: boolean, group?: InboxGroup) {
  const canaryApi = useCanaryApi();
  return useAsync(async () => {
    if (!enabled) return undefined;
    const refs = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await canaryApi.getInbox({ limit: PAGE_SIZE, cursor });
      for (const item of answer.items) {
        if (!group || item.group === group) refs.add(item.entityRef);
      }
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
    return [...refs].sort();
  }, [canaryApi, enabled, group]);
}
