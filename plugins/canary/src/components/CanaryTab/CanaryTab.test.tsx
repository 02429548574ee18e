import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { CanaryTab } from './CanaryTab';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'rollout-demo', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

const renderTab = (annotations: Record<string, string>) =>
  renderInTestApp(
    <EntityProvider entity={entity(annotations)}>
      <CanaryTab />
    </EntityProvider>,
  );

describe('CanaryTab', () => {
  it('tells which annotation to add when the entity has none', async () => {
    renderTab({});
    expect(
      await screen.findByText('No rollouts configured for this entity'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/backstage-canary\.io\/kurator-application/).length,
    ).toBeGreaterThan(0);
  });

  it('lists the Kurator Application and its host cluster', async () => {
    renderTab({
      'backstage-canary.io/kurator-application': 'default/rollout-demo',
      'backstage-canary.io/host-cluster': 'host',
    });
    expect(
      await screen.findByText('Kurator Application default/rollout-demo'),
    ).toBeInTheDocument();
    expect(screen.getByText(/in host cluster host/)).toBeInTheDocument();
  });

  it('lists canaries found by the Kubernetes plugin label', async () => {
    renderTab({ 'backstage.io/kubernetes-id': 'podinfo' });
    expect(
      await screen.findByText(
        'Canaries labelled backstage.io/kubernetes-id=podinfo',
      ),
    ).toBeInTheDocument();
  });

  it('names a malformed annotation and what is allowed', async () => {
    renderTab({ 'backstage-canary.io/canary': 'podinfo' });
    expect(
      await screen.findByText(
        /backstage-canary\.io\/canary must be "<namespace>\/<name>"/,
      ),
    ).toBeInTheDocument();
  });
});
