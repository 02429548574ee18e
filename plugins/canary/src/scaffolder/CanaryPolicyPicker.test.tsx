import { screen, waitFor } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { RolloutPolicy } from '@backstage-canary/plugin-canary-common';
import {
  CanaryPolicyPicker,
  validateCanaryPolicyField,
  type CanaryPolicyPickerUiOptions,
} from './CanaryPolicyPicker';
import { canaryPolicyFormField } from './formField';
import { defaultPolicy } from '../components/PolicyForm';

type Props = FieldExtensionComponentProps<
  RolloutPolicy,
  CanaryPolicyPickerUiOptions
>;

function fieldProps(overrides: Partial<Props>): Props {
  return {
    onChange: jest.fn(),
    schema: { title: 'Rollout policy' },
    uiSchema: {},
    rawErrors: [],
    ...overrides,
  } as unknown as Props;
}

// The policy form is large: under a loaded machine a render takes seconds, past Jest's and
// Testing Library's defaults.
jest.setTimeout(60_000);
const slow = { timeout: 15_000 };

describe('CanaryPolicyPicker', () => {
  it('starts from a valid default policy', async () => {
    const onChange = jest.fn();
    renderInTestApp(<CanaryPolicyPicker {...fieldProps({ onChange })} />);
    expect(
      await screen.findByText('Rollout policy', {}, slow),
    ).toBeInTheDocument();
    await waitFor(
      () => expect(onChange).toHaveBeenCalledWith(defaultPolicy()),
      slow,
    );
  });

  it('starts from the default policy when the form hands it an empty object (the default of an object field)', async () => {
    const onChange = jest.fn();
    renderInTestApp(
      <CanaryPolicyPicker
        {...fieldProps({ onChange, formData: {} as RolloutPolicy })}
      />,
    );
    expect(
      await screen.findByLabelText('Step weights (%)', {}, slow),
    ).toBeInTheDocument();
    await waitFor(
      () => expect(onChange).toHaveBeenCalledWith(defaultPolicy()),
      slow,
    );
  });

  it('validates for the target in ui:options and shows the errors by their fields', async () => {
    renderInTestApp(
      <CanaryPolicyPicker
        {...fieldProps({
          formData: { ...defaultPolicy(), provider: 'nginx' },
          uiSchema: { 'ui:options': { target: 'kurator' } },
        })}
      />,
    );
    expect(
      await screen.findByLabelText('Host (Kurator)', {}, slow),
    ).toHaveAccessibleDescription(/service\.host is required with nginx/);
  });

  it('blocks the form step on errors but not on warnings', () => {
    const addError = jest.fn();
    validateCanaryPolicyField(
      { ...defaultPolicy(), traffic: { stepWeight: 10, iterations: 5 } },
      { addError },
      {},
    );
    expect(addError).toHaveBeenCalledWith(
      expect.stringMatching(/set exactly one of iterations/),
    );

    const noError = jest.fn();
    validateCanaryPolicyField(
      {
        ...defaultPolicy(),
        analysis: { ...defaultPolicy().analysis, threshold: 0 },
      },
      { addError: noError },
      { uiSchema: { 'ui:options': { target: 'kurator' } } },
    );
    expect(noError).not.toHaveBeenCalled();
  });

  it('is a scaffolder form field for the new frontend system', async () => {
    const tester = createExtensionTester(canaryPolicyFormField);
    const loader = tester.get(FormFieldBlueprint.dataRefs.formFieldLoader);
    expect(typeof loader).toBe('function');
    const field = (await loader()) as unknown as { name?: string };
    expect(JSON.stringify(field)).toContain('CanaryPolicyPicker');
  });
});
