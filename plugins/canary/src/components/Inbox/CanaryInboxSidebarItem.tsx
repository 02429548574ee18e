import { SidebarItem } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import AllInboxIcon from '@material-ui/icons/AllInbox';
import { inboxRouteRef } from '../../routes';

/** The legacy sidebar's link to the Canary inbox page, wherever the app mounted it. */
export const CanaryInboxSidebarItem = () => {
  const inboxLink = useRouteRef(inboxRouteRef);
  return (
    <SidebarItem icon={AllInboxIcon} to={inboxLink()} text="Canary inbox" />
  );
};
