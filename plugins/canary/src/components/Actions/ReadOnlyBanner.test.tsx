import { act, screen, waitFor } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { EntityReadOnlyBanner } from './EntityReadOnlyBanner';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'rollout-demo', namespace: 'default' },
  spec: { type: 'service', owner: 'team-webapp', lifecycle: 'production' },
};

const renderBanner = (
  authorize: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) =>
  renderInTestApp(
    <EntityReadOnlyBanner entityRef="component:default/rollout-demo" />,
    {
      apis: [
        mockApis.permission({ authorize }),
        [catalogApiRef, catalogApiMock({ entities: [entity] })],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );

describe('EntityReadOnlyBanner', () => {
  it('tells a user without any action permission who owns the entity and what each action needs', async () => {
    await renderBanner(AuthorizeResult.DENY);
    const banner = await screen.findByRole('region', {
      name: 'Read-only access',
    });
    expect(banner).toHaveTextContent(
      'You can watch these rollouts, not act on them',
    );
    expect(banner).toHaveTextContent('This entity is owned by team-webapp.');
    expect(
      screen.getAllByRole('link', { name: 'team-webapp' })[0],
    ).toHaveAttribute('href', expect.stringContaining('group/team-webapp'));
    expect(banner).toHaveTextContent(
      'Pause and Resume need canary.rollout.pause; Promote needs canary.rollout.promote; Abort needs canary.rollout.abort; Retry needs canary.rollout.retry; Approve needs canary.rollout.approve.',
    );
    expect(banner).toHaveTextContent(
      'Gate approvals come from team-webapp or anyone else holding canary.rollout.approve.',
    );
  });

  it('shows nothing to a user who may act', async () => {
    // usePermission caches answers per entity: a ref of its own keeps this answer apart.
    const authorize = jest.fn(async () => ({ result: AuthorizeResult.ALLOW }));
    await renderInTestApp(
      <EntityReadOnlyBanner entityRef="component:default/other-service" />,
      {
        apis: [
          [permissionApiRef, { authorize }],
          [catalogApiRef, catalogApiMock({ entities: [entity] })],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    // Every action's permission answered, and the answers rendered.
    await waitFor(() => expect(authorize).toHaveBeenCalledTimes(5));
    await act(async () => {});
    expect(
      screen.queryByRole('region', { name: 'Read-only access' }),
    ).toBeNull();
  });
});
