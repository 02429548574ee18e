import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CanaryClient,
  type PolicyApplyRequest,
  type PolicyRequest,
} from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import { PolicyEditor } from './PolicyEditor';
import { EditPolicyButton } from './PolicyEditorDialog';
import { currentPolicies, dryRun, preview } from './__fixtures__/policies';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const baseUrl = 'http://backstage.test';
const policyUrl = `${baseUrl}/api/canary/entities/component/default/rollout-kuma-demo/policy`;

// Typing into MUI inputs takes seconds on a loaded two-core machine.
jest.setTimeout(90_000);
// The editor renders the form, the YAML and the previews: on a loaded machine the queries
// below take longer than Testing Library's default of one second.
configure({ asyncUtilTimeout: 15_000 });

/**
 * Renders the editor. `usePermission` caches its answers per permission and entity for the whole
 * test file, so a test with another answer names another entity (`name`).
 */
function renderEditor(
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  name = 'rollout-kuma-demo',
  options: { dialog?: boolean } = {},
) {
  const discoveryApi = mockApis.discovery({ baseUrl });
  const alertApi = mockApis.alert();
  server.use(
    http.get(
      `${baseUrl}/api/canary/entities/component/default/${name}/policy`,
      () => HttpResponse.json(currentPolicies),
    ),
  );
  renderInTestApp(
    options.dialog ? (
      <EditPolicyButton entityRef={`component:default/${name}`} />
    ) : (
      <PolicyEditor entityRef={`component:default/${name}`} />
    ),
    {
      apis: [
        [canaryApiRef, new CanaryClient({ discoveryApi, fetchApi: { fetch } })],
        discoveryApi,
        alertApi,
        mockApis.permission({ authorize }),
      ],
    },
  );
  return { alertApi };
}

const yamlPreview = () => screen.getByLabelText('Policy YAML');

async function choose(label: RegExp, option: string | RegExp) {
  await userEvent.click(screen.getByRole('button', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('PolicyEditor', () => {
  it('starts from the current policy and shows the YAML that will be applied', async () => {
    renderEditor();
    expect(
      await screen.findByText(
        /Editing Kurator Application default\/rollout-kuma-demo, policy 0/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Step weight (%)')).toHaveValue(10);
    expect(screen.getByLabelText('Max weight (%)')).toHaveValue(50);
    const yaml = yamlPreview().textContent;
    expect(yaml).toContain(
      '# Kurator Application default/rollout-kuma-demo, spec.syncPolicies[0]',
    );
    expect(yaml).toContain('trafficRoutingProvider: kuma');
    expect(yaml).toContain('stepWeight: 10');

    // The YAML follows the form as the user types.
    const step = screen.getByLabelText('Step weight (%)');
    await userEvent.clear(step);
    await userEvent.type(step, '25');
    expect(yamlPreview().textContent).toContain('stepWeight: 25');
  });

  it('starts from a preset or a blank policy, and renders a native Canary', async () => {
    renderEditor();
    await screen.findByLabelText('Policy YAML');
    await choose(/^Start from/, 'Preset: A/B testing by header');
    expect(screen.getByLabelText('Iterations')).toHaveValue(10);
    // The preset keeps the entity's workload.
    expect(screen.getByLabelText('Workload name')).toHaveValue('backend');
    expect(yamlPreview().textContent).toContain('x-canary');

    await userEvent.click(
      screen.getByRole('radio', { name: 'Native Flagger Canary' }),
    );
    const canaryYaml = yamlPreview().textContent;
    expect(canaryYaml).toContain('kind: Canary');
    expect(canaryYaml).toContain('iterations: 10');
    expect(canaryYaml).toContain('provider: kuma');

    await choose(/^Start from/, 'Blank policy');
    expect(screen.getByLabelText('Workload name')).toHaveValue('');
    expect(screen.getByLabelText('Workload name')).toHaveAccessibleDescription(
      /Workload name must not be empty\./,
    );
    expect(
      screen.getByRole('button', { name: /^Apply: Fix the \d+ errors/ }),
    ).toBeDisabled();
  });

  it('asks before closing with edits that are not applied, and closes at once without', async () => {
    renderEditor(AuthorizeResult.ALLOW, 'rollout-kuma-demo', { dialog: true });
    const openEditor = async () => {
      // (findBy: after a close, the page is hidden until the dialog's transition ends.)
      await userEvent.click(
        await screen.findByRole('button', { name: 'Edit rollout policy' }),
      );
      return screen.findByLabelText('Step weight (%)');
    };
    // The editor's form is in the document while the editor is open.
    const editor = () => screen.queryByLabelText('Step weight (%)');

    await openEditor();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(editor()).toBeNull());

    const step = await openEditor();
    await userEvent.clear(step);
    await userEvent.type(step, '20');
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    const ask = await screen.findByRole('dialog', {
      name: 'Discard your changes?',
    });
    await userEvent.click(
      within(ask).getByRole('button', { name: 'Keep editing' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Discard your changes?' }),
      ).toBeNull(),
    );
    expect(editor()).not.toBeNull();
    expect(screen.getByLabelText('Step weight (%)')).toHaveValue(20);

    await userEvent.keyboard('{Escape}');
    await userEvent.click(
      within(
        await screen.findByRole('dialog', { name: 'Discard your changes?' }),
      ).getByRole('button', { name: 'Discard changes' }),
    );
    await waitFor(() => expect(editor()).toBeNull());
  });

  it('shows validation errors next to their fields as the user types', async () => {
    renderEditor();
    const step = await screen.findByLabelText('Step weight (%)');
    await userEvent.clear(step);
    await userEvent.type(step, '0');
    expect(step).toHaveAttribute('aria-invalid', 'true');
    // A sentence that names the field by its label and says what is allowed.
    expect(step).toHaveAccessibleDescription(
      'Step weight (%) must be at least 1.',
    );
    expect(
      screen.getByRole('button', { name: 'Dry run on clusters' }),
    ).toBeDisabled();

    await userEvent.clear(step);
    await userEvent.type(step, '20');
    expect(step).toHaveAttribute('aria-invalid', 'false');
    expect(
      screen.getByRole('button', { name: 'Dry run on clusters' }),
    ).toBeEnabled();
  });

  it('previews what Kurator renders on each cluster, with per-cluster errors', async () => {
    let sent: PolicyRequest | undefined;
    server.use(
      http.post(`${policyUrl}/preview`, async ({ request }) => {
        sent = (await request.json()) as PolicyRequest;
        return HttpResponse.json(preview);
      }),
    );
    renderEditor();
    await screen.findByLabelText('Policy YAML');
    await userEvent.click(
      screen.getByRole('tab', { name: 'Per-cluster preview' }),
    );
    const member = await screen.findByRole('region', {
      name: 'Rendered on kurator-member1 (member)',
    });
    expect(
      within(member).getByLabelText('Manifests for kurator-member1'),
    ).toHaveTextContent('stepWeight: 20');
    expect(
      screen.getByRole('region', { name: 'Rendered on host (host)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/kurator-member2: connect ECONNREFUSED/),
    ).toBeInTheDocument();
    expect(sent).toMatchObject({
      target: 'kurator',
      policyIndex: 0,
      policy: { provider: 'kuma', traffic: { stepWeight: 10 } },
    });
  });

  it('shows the dry run diff per cluster, and the error of a cluster that failed', async () => {
    server.use(
      http.post(`${policyUrl}/dry-run`, () => HttpResponse.json(dryRun)),
    );
    renderEditor();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Dry run on clusters' }),
    );
    const member1 = await screen.findByRole('region', {
      name: 'Dry run on kurator-member1 (member)',
    });
    expect(
      within(member1).getByText('Canary webapp/backend'),
    ).toBeInTheDocument();
    expect(within(member1).getByText('would be updated')).toBeInTheDocument();
    const diff = within(member1).getByLabelText(
      'Diff of Canary webapp/backend on kurator-member1',
    );
    expect(diff.textContent).toContain('-    stepWeight: 10');
    expect(diff.textContent).toContain('+    stepWeight: 20');
    const member2 = screen.getByRole('region', {
      name: 'Dry run on kurator-member2 (member)',
    });
    expect(
      within(member2).getByText(
        'kurator-member2: connect ECONNREFUSED 127.0.0.1:16445',
      ),
    ).toBeInTheDocument();
  });

  it('shows the field issues of a policy the backend refuses', async () => {
    server.use(
      http.post(`${policyUrl}/dry-run`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'The rollout policy has 1 error',
            },
            issues: [
              {
                path: 'service.name',
                message: 'service.name "x" must equal workload.name "backend"',
                severity: 'error',
              },
            ],
            request: { method: 'POST', url: '/' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    renderEditor();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Dry run on clusters' }),
    );
    expect(
      await screen.findByText('The rollout policy has 1 error'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('service.name "x" must equal workload.name "backend"'),
    ).toBeInTheDocument();
  });

  it('names the missing permission when the user may not apply', async () => {
    renderEditor(AuthorizeResult.DENY, 'denied-demo');
    await screen.findByLabelText('Policy YAML');
    // The permission check resolves after the first render: slow on a loaded machine.
    const apply = await screen.findByRole(
      'button',
      { name: 'Apply: You do not have the canary.policy.create permission.' },
      { timeout: 15_000 },
    );
    expect(apply).toBeDisabled();
    // Preview and dry run send the policy to the clusters: they need the permission too.
    expect(
      screen.getByRole('button', { name: 'Dry run on clusters' }),
    ).toBeDisabled();
    await userEvent.click(
      screen.getByRole('tab', { name: 'Per-cluster preview' }),
    );
    expect(
      await screen.findByText(
        'Previews and dry runs send the policy to the clusters: they need the canary.policy.create permission.',
      ),
    ).toBeInTheDocument();
  });

  it('applies with a reason after a confirmation and shows what changed', async () => {
    let sent: PolicyApplyRequest | undefined;
    server.use(
      http.post(`${policyUrl}/apply`, async ({ request }) => {
        sent = (await request.json()) as PolicyApplyRequest;
        return HttpResponse.json({
          ...dryRun,
          applied: true,
          clusters: [
            {
              cluster: 'host',
              role: 'host',
              objects: [
                {
                  apiVersion: 'apps.kurator.dev/v1alpha1',
                  kind: 'Application',
                  namespace: 'default',
                  name: 'rollout-kuma-demo',
                  operation: 'update',
                  diff: '@@ -1 +1 @@\n-stepWeight: 10\n+stepWeight: 10\n',
                },
              ],
            },
          ],
        });
      }),
    );
    const { alertApi } = renderEditor();
    // Enabled once the permission check has answered.
    const apply = await screen.findByRole('button', { name: 'Apply' });
    await waitFor(() => expect(apply).toBeEnabled());
    await userEvent.click(apply);
    const dialog = await screen.findByRole('dialog', {
      name: 'Apply the rollout policy?',
    });
    expect(
      within(dialog).getByText(
        /Writes the rollout policy of Kurator Application default\/rollout-kuma-demo/,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Clusters: kurator-member1, kurator-member2'),
    ).toBeInTheDocument();
    const confirm = within(dialog).getByRole('button', {
      name: 'Apply policy',
    });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'slower steps',
    );
    await userEvent.click(confirm);
    expect(
      await screen.findByRole('region', { name: 'Applied on host (host)' }),
    ).toBeInTheDocument();
    expect(screen.getByText('updated')).toBeInTheDocument();
    expect(sent).toMatchObject({ target: 'kurator', reason: 'slower steps' });
    await waitFor(() =>
      expect(alertApi.getAlerts()).toContainEqual(
        expect.objectContaining({ severity: 'success' }),
      ),
    );
  });
});
