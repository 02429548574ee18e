import { parse } from 'yaml';
import { validate } from 'jsonschema';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createValidatePolicyAction } from './validatePolicyAction';
import { createPolicyAction } from './createPolicyAction';
import { istioCanaryPolicy } from '../__testUtils__/policies';
import { renderStepInput } from '../__testUtils__/renderTemplateValue';

const action = createValidatePolicyAction();

function run(input: Record<string, unknown>) {
  const logger = mockServices.logger.mock();
  const ctx = createMockActionContext({ input: input as any, logger });
  const outputs = () =>
    Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as [string, any][],
    ) as Record<string, any>;
  return { promise: action.handler(ctx as any), logger, outputs };
}

describe('canary:policy:validate', () => {
  it('accepts a valid policy and outputs no warnings', async () => {
    const { promise, outputs } = run({
      target: 'kurator',
      policy: istioCanaryPolicy(),
    });
    await promise;
    expect(outputs()).toEqual({ valid: true, warnings: [] });
  });

  it('logs and outputs warnings without failing the step', async () => {
    const { promise, outputs, logger } = run({
      target: 'flagger',
      policy: istioCanaryPolicy({
        traffic: { maxWeight: 50, stepWeight: 20 },
        analysis: { ...istioCanaryPolicy().analysis, threshold: 0 },
      }),
    });
    await promise;
    const { valid, warnings } = outputs();
    expect(valid).toBe(true);
    expect(warnings.map((w: { path: string }) => w.path)).toEqual([
      'traffic.stepWeight',
      'analysis.threshold',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/analysis\.threshold 0 is read as 1/),
    );
  });

  it('fails with every field error, each naming the field and what is allowed', async () => {
    const { promise } = run({
      target: 'flagger',
      policy: istioCanaryPolicy({
        provider: 'nginx',
        traffic: { stepWeights: [10, 5] },
        analysis: {
          intervalSeconds: 60,
          threshold: 3,
          metrics: [
            { name: 'error-rate', intervalSeconds: 60, thresholdRange: {} },
          ],
        },
      }),
    });
    const error: Error = await promise.then(
      () => new Error('expected a failure'),
      e => e,
    );
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(/3 errors/);
    expect(error.message).toMatch(
      /traffic\.stepWeights must be strictly increasing percentages \(1-100\)/,
    );
    expect(error.message).toMatch(
      /analysis\.metrics\[0\] "error-rate" is not a builtin metric \(request-success-rate, request-duration\): add custom\.provider and custom\.query/,
    );
    expect(error.message).toMatch(
      /service\.ingressName is required with nginx/,
    );
  });

  it('reports type errors of the policy as sentences naming the field by its label and what is allowed', async () => {
    const error = await run({
      target: 'flagger',
      policy: istioCanaryPolicy({
        service: { name: 'podinfo', port: 0 },
        traffic: { maxWeight: 50, stepWeight: 0 },
      }),
    }).promise.catch(e => e);
    expect(error.message).toBe(
      'The rollout policy for flagger is invalid (2 errors):\n- Service port must be at least 1.\n- Step weight (%) must be at least 1.',
    );
  });

  it('declares JSON schemas that accept its own examples', () => {
    for (const example of action.examples!) {
      const [step] = parse(example.example).steps;
      const input = renderStepInput(step.input, {
        parameters: {
          name: 'podinfo',
          namespace: 'test',
          port: 9898,
          stepWeight: 10,
          intervalSeconds: 60,
          threshold: 5,
        },
      });
      expect(validate(input, action.schema!.input!).errors).toEqual([]);
    }
    const create = createPolicyAction();
    for (const example of create.examples!) {
      const [step] = parse(example.example).steps;
      expect(validate(step.input, create.schema!.input!).errors).toEqual([]);
    }
  });

  it('declares JSON schemas that reject a policy of the wrong shape', () => {
    const result = validate(
      { target: 'argo', policy: { provider: 'istio' } },
      action.schema!.input!,
    );
    expect(result.errors.map(e => e.property)).toEqual(
      expect.arrayContaining(['instance.target', 'instance.policy']),
    );
  });
});
