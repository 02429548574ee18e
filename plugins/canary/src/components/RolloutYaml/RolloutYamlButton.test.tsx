import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import copyToClipboard from 'copy-to-clipboard';
import { parse } from 'yaml';
import type { RolloutDetail } from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import { rollout, stubCanaryApi } from '../../__testUtils__/rollouts';
import { RolloutYamlButton } from './RolloutYamlButton';

// The clipboard is the browser's: the copy is checked by what reaches it.
jest.mock('copy-to-clipboard', () => jest.fn(() => true));
// A dialog with syntax-highlighted YAML takes a few seconds to render on a busy machine.
jest.setTimeout(30_000);

const entityRef = 'component:default/rollout-demo';
const canaryRef = {
  cluster: 'kurator-member1',
  namespace: 'webapp',
  name: 'backend',
};

const canary = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: {
    name: 'backend',
    namespace: 'webapp',
    annotations: { 'kurator.dev/rollout': 'rollout-demo-0' },
  },
  spec: {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend' },
    service: { port: 9898 },
    analysis: { interval: '90s', threshold: 2, maxWeight: 50, stepWeight: 10 },
  },
  status: { phase: 'Progressing', canaryWeight: 20, failedChecks: 0 },
};

const application = {
  apiVersion: 'apps.kurator.dev/v1alpha1',
  kind: 'Application',
  metadata: { name: 'rollout-demo', namespace: 'default' },
  spec: {
    syncPolicies: [
      {
        destination: { fleet: 'quickstart' },
        rollout: {
          workload: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'backend',
            namespace: 'webapp',
          },
          serviceName: 'backend',
          port: 9898,
          rolloutPolicy: { suspend: true },
        },
      },
    ],
  },
};

const renderButton = (getRolloutDetail: () => Promise<RolloutDetail>) => {
  const canaryApi = stubCanaryApi({
    getRolloutDetail: jest.fn(getRolloutDetail),
  });
  renderInTestApp(
    <RolloutYamlButton entityRef={entityRef} canary={canaryRef} />,
    { apis: [[canaryApiRef, canaryApi]] },
  );
  return canaryApi;
};

// The snippet's highlighter loads lazily: wait for its code block, then read the YAML a user sees.
const yamlOf = async (region: HTMLElement) => {
  const code = await within(region).findByText(
    (_content, element) =>
      element?.tagName === 'CODE' &&
      Boolean(element.textContent?.startsWith('apiVersion:')),
  );
  return parse(code.textContent!);
};

describe('RolloutYamlButton', () => {
  beforeEach(() => (copyToClipboard as jest.Mock).mockClear());

  it('opens from the keyboard, shows the Canary and the Kurator Application as YAML and copies them', async () => {
    const canaryApi = renderButton(async () => ({
      rollout: rollout('kurator-member1'),
      canary: canary as RolloutDetail['canary'],
      application: application as unknown as RolloutDetail['application'],
    }));
    // Nothing is read until the user asks.
    expect(canaryApi.getRolloutDetail).not.toHaveBeenCalled();

    const user = userEvent.setup();
    await screen.findByRole('button', { name: /^YAML of/ });
    await user.tab();
    const button = screen.getByRole('button', {
      name: 'YAML of webapp/backend on kurator-member1',
    });
    expect(button).toHaveFocus();
    await user.keyboard('{Enter}');

    const dialog = await screen.findByRole('dialog', {
      name: 'YAML of webapp/backend on kurator-member1',
    });
    expect(canaryApi.getRolloutDetail).toHaveBeenCalledWith(
      entityRef,
      canaryRef,
    );
    const canaryYaml = await within(dialog).findByRole('region', {
      name: 'Canary YAML',
    });
    expect(await yamlOf(canaryYaml)).toEqual(canary);
    await user.click(
      within(canaryYaml).getByRole('button', { name: 'Copy text' }),
    );
    expect(copyToClipboard).toHaveBeenCalledTimes(1);
    expect(parse((copyToClipboard as jest.Mock).mock.calls[0][0])).toEqual(
      canary,
    );

    await user.click(
      within(dialog).getByRole('tab', { name: 'Kurator Application' }),
    );
    const applicationYaml = within(dialog).getByRole('region', {
      name: 'Kurator Application YAML',
    });
    expect(await yamlOf(applicationYaml)).toEqual(application);
    expect(
      within(applicationYaml).getByText(
        /Application default\/rollout-demo on host/,
      ),
    ).toBeInTheDocument();

    await user.keyboard('{Escape}');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows only the Canary for a native canary', async () => {
    renderButton(async () => ({
      rollout: rollout('kurator-member1', {
        source: 'label',
        kurator: undefined,
      }),
      canary: canary as RolloutDetail['canary'],
    }));
    await userEvent.click(
      await screen.findByRole('button', { name: /^YAML of/ }),
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByRole('region', { name: 'Canary YAML' });
    expect(within(dialog).queryByRole('tab')).not.toBeInTheDocument();
  });

  it('shows why the detail could not be read', async () => {
    renderButton(async () => {
      throw new Error('Permission canary.rollout.read is required');
    });
    await userEvent.click(
      await screen.findByRole('button', { name: /^YAML of/ }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(
        'Error: Permission canary.rollout.read is required',
        { selector: 'h6' },
      ),
    ).toBeInTheDocument();
  });
});
