import { Content } from '@backstage/core-components';
import { CanaryInboxCard } from './CanaryInboxCard';

/** The inbox as a page's content (the app draws the page header). */
export const CanaryInboxPage = () => (
  <Content>
    <CanaryInboxCard />
  </Content>
);
