// The test reads the template from the repository's examples (test-only, never bundled).
// eslint-disable-next-line no-restricted-imports
import fs from 'fs';
// eslint-disable-next-line no-restricted-imports
import path from 'path';
import { parse } from 'yaml';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  Stepper,
  type StepperProps,
} from '@backstage/plugin-scaffolder-react/alpha';
import type { TemplateParameterSchema } from '@backstage/plugin-scaffolder-react';
import {
  CanaryPolicyPicker,
  validateCanaryPolicyField,
} from './CanaryPolicyPicker';
import {
  CanaryReplicasPicker,
  validateCanaryReplicasField,
} from './CanaryReplicasPicker';

// The canary-service template of the repository's examples, in the scaffolder's real form (the
// Stepper of @backstage/plugin-scaffolder-react with its RJSF form, ajv-errors, `when` pages,
// field validation and review), with this plugin's fields.
const TEMPLATE_FILE = path.resolve(
  __dirname,
  '../../../../examples/templates/canary-service/template.yaml',
);

/** The template's pages as the scaffolder backend serves them (`/parameter-schema`). */
function manifest(): TemplateParameterSchema {
  const template = parse(fs.readFileSync(TEMPLATE_FILE, 'utf8'));
  return {
    title: template.metadata.title,
    steps: template.spec.parameters.map(
      ({ when, ...schema }: FormValues & { when?: string }) => ({
        title: schema.title as string,
        description: schema.description as string | undefined,
        ...(when !== undefined ? { when } : {}),
        schema,
      }),
    ),
  } as TemplateParameterSchema;
}

type FormValues = NonNullable<StepperProps['initialState']>;

const extensions = [
  {
    name: 'CanaryPolicyPicker',
    component: CanaryPolicyPicker,
    validation: validateCanaryPolicyField,
  },
  {
    name: 'CanaryReplicasPicker',
    component: CanaryReplicasPicker,
    validation: validateCanaryReplicasField,
  },
] as any[];

// The Stepper scrolls to the top of each page; jsdom has no scrolling.
beforeAll(() => {
  window.scrollTo = jest.fn() as typeof window.scrollTo;
});

// The form is large: under a loaded machine a render takes seconds.
jest.setTimeout(120_000);
const slow = { timeout: 30_000 };

/** A field's label, with or without the required asterisk. */
const label = (text: string) =>
  new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}( \\*)?$`);

async function renderForm(initialState: FormValues = {}) {
  const onCreate = jest.fn(async () => {});
  await renderInTestApp(
    <Stepper
      manifest={manifest()}
      extensions={extensions}
      onCreate={onCreate}
      initialState={initialState}
    />,
  );
  await screen.findByLabelText(label('Name'), {}, slow);
  return { onCreate, user: userEvent.setup() };
}

const next = async (user: ReturnType<typeof userEvent.setup>) =>
  user.click(screen.getByRole('button', { name: /^(Next|Review)$/ }));

describe('the canary-service template in the scaffolder form', () => {
  it('offers both output kinds, shows only the pages of the chosen path, starts the editor from the first page and reviews only what is written', async () => {
    const { user, onCreate } = await renderForm({
      owner: 'group:default/guests',
    });
    await user.type(screen.getByLabelText(label('Name')), 'checkout');
    await next(user);

    // Output kind: both choices (the if/then/else schema restricted it to the current one).
    await screen.findByText('Output kind', {}, slow);
    await user.click(
      screen.getByRole('button', { name: /Native Flagger Canary/ }),
    );
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Native Flagger Canary',
      'Kurator Application (every cluster of a fleet)',
    ]);
    await user.click(options[1]);
    await user.click(
      screen.getByRole('button', { name: /^Rollout policy Guided/ }),
    );
    await user.click(
      await screen.findByRole('option', { name: /^Policy editor/ }),
    );
    await next(user);

    // Kurator's page, then the policy editor: no guided page (strategy, weights, loadtester).
    expect(
      await screen.findByLabelText(label('Git repository URL'), {}, slow),
    ).toBeInTheDocument();
    await user.type(
      screen.getByLabelText(label('Git repository URL')),
      'https://git.example.com/shop/checkout',
    );
    await next(user);
    // The editor starts from the service of the first page, not the default podinfo/test.
    const workloadName = await screen.findByLabelText(
      'Workload name',
      {},
      slow,
    );
    expect(workloadName).toHaveValue('checkout');
    expect(screen.getByLabelText('Namespace')).toHaveValue('test');
    // (The editor has its own strategy and loadtester fields; the guided pages' are not shown.)
    for (const guided of ['strategy', 'maxWeight', 'loadtesterUrl', 'provider'])
      expect(document.getElementById(`root_${guided}`)).toBeNull();
    await next(user);

    // The review: the values that will be written, none of the guided path.
    const review = await screen.findByRole('table', {}, slow);
    const text = review.textContent ?? '';
    for (const shown of [
      'Kurator Application (every cluster of a fleet)',
      'https://git.example.com/shop/checkout',
      'quickstart',
    ])
      expect(text).toContain(shown);
    for (const hidden of [
      'Traffic provider',
      'Strategy',
      'Maximum canary weight',
      'Loadtester URL',
      'Minimum request success rate',
    ])
      expect(text).not.toContain(hidden);

    await user.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onCreate).toHaveBeenCalled());
    const values = (onCreate.mock.calls[0] as unknown[])[0] as FormValues;
    expect(values).toMatchObject({
      name: 'checkout',
      outputKind: 'kurator',
      policyInput: 'editor',
      repoUrl: 'https://git.example.com/shop/checkout',
      policy: {
        workload: { name: 'checkout', namespace: 'test' },
        service: { name: 'checkout', port: 9898 },
      },
    });
    for (const guided of ['provider', 'strategy', 'maxWeight', 'loadtesterUrl'])
      expect(values).not.toHaveProperty(guided);
  });

  it('explains a bad name and a maximum below the minimum replicas in sentences, and stays on the page', async () => {
    const { user } = await renderForm({ owner: 'group:default/guests' });
    await user.type(screen.getByLabelText(label('Name')), 'Check_Out');
    const min = screen.getByLabelText(label('Minimum replicas'));
    await user.clear(min);
    await user.type(min, '5');
    const max = screen.getByLabelText(label('Maximum replicas'));
    await user.clear(max);
    await user.type(max, '2');
    await next(user);

    expect(
      (
        await screen.findAllByText(
          /Name may contain only lowercase letters, digits and hyphens/,
          {},
          slow,
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/must match pattern/)).toBeNull();

    await user.clear(screen.getByLabelText(label('Name')));
    await user.type(screen.getByLabelText(label('Name')), 'checkout');
    await next(user);
    expect(
      (
        await screen.findAllByText(
          /Maximum replicas \(2\) must be at least the minimum replicas \(5\)/,
          {},
          slow,
        )
      ).length,
    ).toBeGreaterThan(0);
    // Still on the first page.
    expect(screen.queryByText('Output kind')).toBeNull();

    await user.clear(max);
    await user.type(max, '6');
    await next(user);
    expect(await screen.findByText('Output kind', {}, slow)).toBeVisible();
  });

  it('shows the guided pages of the chosen strategy only', async () => {
    const { user } = await renderForm({
      name: 'checkout',
      owner: 'group:default/guests',
    });
    await next(user);
    await screen.findByText('Output kind', {}, slow);
    await next(user);
    // Guided, native canary: the strategy page.
    await screen.findByLabelText(label('Traffic provider'), {}, slow);
    await user.click(screen.getByRole('button', { name: /^Strategy Canary/ }));
    await user.click(
      await screen.findByRole('option', { name: /^Blue\/Green/ }),
    );
    await next(user);
    expect(
      await screen.findByLabelText(label('Iterations'), {}, slow),
    ).toBeInTheDocument();
    expect(
      screen.queryByLabelText(label('Maximum canary weight (%)')),
    ).toBeNull();
    expect(screen.queryByLabelText(label('A/B header value'))).toBeNull();
    await next(user);
    expect(
      await screen.findByLabelText(label('Loadtester URL'), {}, slow),
    ).toBeInTheDocument();
    await next(user);
    const review = await screen.findByRole('table', {}, slow);
    expect(within(review).queryByText(/Maximum canary weight/)).toBeNull();
    expect(within(review).getByText('Iterations')).toBeInTheDocument();
  });
});
