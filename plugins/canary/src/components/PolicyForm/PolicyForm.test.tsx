import { useState } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  validateRolloutPolicy,
  type PolicyTarget,
  type RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import { PolicyForm } from './PolicyForm';
import { defaultPolicy } from './policyPresets';

/** The form as a scaffolder field uses it: state outside, validation on every change. */
function Harness(props: {
  onChange: (policy: RolloutPolicy) => void;
  initial?: RolloutPolicy;
  target?: PolicyTarget;
}) {
  const [policy, setPolicy] = useState(props.initial ?? defaultPolicy());
  return (
    <PolicyForm
      value={policy}
      errors={validateRolloutPolicy(policy, props.target ?? 'flagger')}
      onChange={p => {
        setPolicy(p);
        props.onChange(p);
      }}
    />
  );
}

const lastCall = (fn: jest.Mock) =>
  fn.mock.calls[fn.mock.calls.length - 1][0] as RolloutPolicy;

async function choose(label: RegExp, option: string) {
  await userEvent.click(screen.getByRole('button', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

// Typing into MUI inputs and selects takes seconds on a loaded two-core machine.
jest.setTimeout(60_000);

describe('PolicyForm', () => {
  it('fills the fields from a strategy preset', async () => {
    const onChange = jest.fn();
    renderInTestApp(<Harness onChange={onChange} />);
    expect(await screen.findByLabelText('Step weights (%)')).toHaveValue(
      '5, 10, 25, 50',
    );

    await choose(/Canary \(step weights\)/, 'A/B testing by header');
    expect(screen.getByLabelText('Iterations')).toHaveValue(10);
    expect(screen.getByLabelText('Header x-canary value')).toHaveValue(
      'insider',
    );
    expect(lastCall(onChange).traffic).toEqual({
      iterations: 10,
      match: [{ headers: { 'x-canary': { exact: 'insider' } } }],
    });

    await choose(/A\/B testing by header/, 'A/B testing by cookie');
    expect(screen.getByLabelText('Cookie regex')).toHaveValue(
      '^(.*?;)?(canary=always)(;.*)?$',
    );

    await choose(/A\/B testing by cookie/, 'Blue/Green with mirroring');
    expect(lastCall(onChange).traffic).toEqual({
      iterations: 10,
      mirror: true,
    });
    expect(screen.queryByLabelText('Cookie regex')).not.toBeInTheDocument();
  });

  it('shows validation errors next to their fields as the user types', async () => {
    renderInTestApp(<Harness onChange={jest.fn()} />);
    const weights = await screen.findByLabelText('Step weights (%)');
    await userEvent.clear(weights);
    await userEvent.type(weights, '10, 5');
    expect(weights).toHaveAccessibleDescription(
      /traffic\.stepWeights must be strictly increasing percentages \(1-100\)/,
    );
    expect(weights).toHaveAttribute('aria-invalid', 'true');

    const interval = screen.getByLabelText('Analysis interval (seconds)');
    await userEvent.clear(interval);
    expect(interval).toHaveAccessibleDescription(
      'Analysis interval (seconds) is required.',
    );
    await userEvent.type(interval, '30');
    expect(interval).not.toHaveAccessibleDescription(/is required/);
    // Fixing the weights clears their error.
    await userEvent.clear(weights);
    await userEvent.type(weights, '5, 10');
    expect(weights).toHaveAttribute('aria-invalid', 'false');
  });

  it('shows the rules of the target, e.g. Kurator providers', async () => {
    renderInTestApp(
      <Harness
        onChange={jest.fn()}
        target="kurator"
        initial={{ ...defaultPolicy(), provider: 'linkerd' }}
      />,
    );
    const provider = await screen.findByRole('button', {
      name: /linkerd/,
    });
    const field = provider.closest('.MuiFormControl-root') as HTMLElement;
    expect(
      within(field).getByText(/provider must be one of istio, kuma, nginx/),
    ).toBeInTheDocument();
  });

  it('asks for the query of a custom metric next to it', async () => {
    renderInTestApp(<Harness onChange={jest.fn()} />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Add custom metric' }),
    );
    const row = screen.getByTestId('metric-2');
    const query = within(row).getByLabelText('Query');
    expect(query).toHaveAccessibleDescription(
      'Query of metric 3 must not be empty.',
    );
    await userEvent.type(query, 'sum(rate(http_errors_total))');
    expect(query).toHaveAttribute('aria-invalid', 'false');
  });

  it('hands a valid policy to onChange', async () => {
    const onChange = jest.fn();
    renderInTestApp(<Harness onChange={onChange} />);
    const threshold = await screen.findByLabelText(
      'Failed checks before rollback',
    );
    await userEvent.clear(threshold);
    await userEvent.type(threshold, '3');
    await waitFor(() => expect(lastCall(onChange).analysis.threshold).toBe(3));
    const policy = lastCall(onChange);
    expect(
      validateRolloutPolicy(policy, 'flagger').filter(
        i => i.severity === 'error',
      ),
    ).toEqual([]);
    expect(policy.traffic).toEqual({ stepWeights: [5, 10, 25, 50] });
  });

  it('switches the steps between a list of weights and one weight up to a max', async () => {
    const onChange = jest.fn();
    renderInTestApp(<Harness onChange={onChange} />);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Use one step weight up to a max weight',
      }),
    );
    expect(screen.getByLabelText('Step weight (%)')).toHaveValue(10);
    expect(screen.getByLabelText('Max weight (%)')).toHaveValue(50);
    expect(lastCall(onChange).traffic).toEqual({
      stepWeight: 10,
      maxWeight: 50,
    });
    // Clearing the step weight keeps the field, with the error next to it.
    const step = screen.getByLabelText('Step weight (%)');
    await userEvent.clear(step);
    expect(step).toBeInTheDocument();
    const strategy = screen
      .getByRole('button', { name: /Canary \(step weights\)/ })
      .closest('.MuiFormControl-root') as HTMLElement;
    expect(
      within(strategy).getByText(/set exactly one of iterations/),
    ).toBeInTheDocument();
    await userEvent.type(step, '20');
    expect(lastCall(onChange).traffic).toEqual({
      stepWeight: 20,
      maxWeight: 50,
    });
  });

  it('takes the provider of a custom metric and the load test timeout', async () => {
    const onChange = jest.fn();
    renderInTestApp(<Harness onChange={onChange} />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Add custom metric' }),
    );
    const row = screen.getByTestId('metric-2');
    await userEvent.click(
      within(row).getByRole('button', { name: /prometheus/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'datadog' }),
    );
    expect(lastCall(onChange).analysis.metrics[2].custom?.provider.type).toBe(
      'datadog',
    );

    await userEvent.type(
      screen.getByLabelText('Load test command'),
      'hey -z 1m http://backend-canary:9898/',
    );
    const timeout = screen.getByLabelText('Timeout (s)');
    await userEvent.clear(timeout);
    await userEvent.type(timeout, '15');
    expect(lastCall(onChange).analysis.loadTest).toEqual({
      commands: ['hey -z 1m http://backend-canary:9898/'],
      timeoutSeconds: 15,
    });
  });
});
