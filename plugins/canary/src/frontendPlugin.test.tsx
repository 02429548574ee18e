import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  canaryEntityContent,
  canaryEntityStatusCard,
  canaryInboxHomePageWidget,
  canaryInboxPage,
} from './frontendPlugin';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { homePageWidgetDataRef } from '@backstage/plugin-home-react/alpha';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { canaryApiRef } from './api';

const canaryApi = {
  getEntityRollouts: jest.fn(async () => ({
    entityRef: 'component:default/podinfo',
    items: [],
    errors: [],
    summary: 'No canaries yet',
  })),
  listRuns: jest.fn(),
  getTimeline: jest.fn(),
  runAction: jest.fn(),
  getMetrics: jest.fn(),
  getInbox: jest.fn(async () => ({ items: [], errors: [] })),
};

const withAnnotations = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'podinfo', annotations },
});

describe('canaryEntityContent', () => {
  it('is an entity tab titled Canary at /canary', async () => {
    const tester = createExtensionTester(canaryEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Canary');
    expect(tester.get(coreExtensionData.routePath)).toBe('/canary');
    renderInTestApp(
      <EntityProvider
        entity={withAnnotations({
          'backstage-canary.io/canary': 'test/podinfo',
        })}
      >
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[canaryApiRef, canaryApi], mockApis.permission()] },
    );
    expect(
      await screen.findByText('Flagger Canary test/podinfo'),
    ).toBeInTheDocument();
    expect(await screen.findByText('No canaries yet')).toBeInTheDocument();
  });

  it('shows on every deployed component and on other entities only with an annotation', () => {
    const filter = createExtensionTester(canaryEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(withAnnotations({}))).toBe(true);
    expect(
      filter?.({ ...withAnnotations({}), spec: { type: 'service' } }),
    ).toBe(true);
    expect(
      filter?.({ ...withAnnotations({}), spec: { type: 'library' } }),
    ).toBe(false);
    expect(filter?.({ ...withAnnotations({}), kind: 'API' })).toBe(false);
    expect(filter?.({ ...withAnnotations({}), kind: 'Group' })).toBe(false);
    expect(
      filter?.({
        ...withAnnotations({ 'backstage-canary.io/canary': 'test/podinfo' }),
        kind: 'Resource',
      }),
    ).toBe(true);
  });

  it('is a tab of its own, so it is named Canary also next to the Kubernetes tab', () => {
    const tester = createExtensionTester(canaryEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBeUndefined();
  });

  it('tells a component without annotations what to configure', async () => {
    const tester = createExtensionTester(canaryEntityContent);
    renderInTestApp(
      <EntityProvider entity={withAnnotations({})}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[canaryApiRef, canaryApi], mockApis.permission()] },
    );
    expect(
      await screen.findByText('No rollouts configured for this entity'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/backstage-canary.io\/kurator-application/).length,
    ).toBeGreaterThan(0);
  });
});

describe('canaryEntityStatusCard', () => {
  it('is an Overview card of the rollouts on entities with an annotation', async () => {
    const tester = createExtensionTester(canaryEntityStatusCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(withAnnotations({}))).toBe(false);
    expect(
      filter?.(withAnnotations({ 'backstage.io/kubernetes-id': 'podinfo' })),
    ).toBe(true);
    renderInTestApp(
      <EntityProvider
        entity={withAnnotations({ 'backstage.io/kubernetes-id': 'podinfo' })}
      >
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [[canaryApiRef, canaryApi], mockApis.permission()],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(await screen.findByText('No canaries yet')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Open the Canary tab/ }),
    ).toHaveAttribute('href', '/catalog/default/component/podinfo/canary');
  });
});

describe('canaryInboxPage', () => {
  it('is a page titled Canary inbox at /canary-inbox showing the inbox', async () => {
    const tester = createExtensionTester(canaryInboxPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/canary-inbox');
    expect(tester.get(coreExtensionData.title)).toBe('Canary inbox');
    // A title, an icon and a route ref make the page the app's sidebar item.
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBeDefined();
    renderInTestApp(tester.reactElement(), {
      apis: [[canaryApiRef, canaryApi], mockApis.permission()],
    });
    expect(
      await screen.findByText(
        'Nothing waits for you: no rollout is waiting for approval or failed',
      ),
    ).toBeInTheDocument();
  });
});

describe('canaryInboxHomePageWidget', () => {
  it('is a home page widget named CanaryInbox, the name the default layout uses', () => {
    const widget = createExtensionTester(canaryInboxHomePageWidget).get(
      homePageWidgetDataRef,
    );
    expect(widget.name).toBe('CanaryInbox');
    expect(widget.title).toBe('Canary inbox');
  });
});
