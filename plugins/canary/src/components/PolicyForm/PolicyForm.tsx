import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import {
  FLAGGER_PROVIDERS,
  METRIC_PROVIDER_TYPES,
  type PolicyIssue,
  type PolicyMetric,
  type RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import {
  STRATEGY_PRESETS,
  detectPreset,
  presetTraffic,
  type StrategyPreset,
} from './policyPresets';

/**
 * Props of {@link PolicyForm}.
 *
 * @public
 */
export type PolicyFormProps = {
  value: RolloutPolicy;
  onChange: (policy: RolloutPolicy) => void;
  /** Validation findings (from `validateRolloutPolicy`), shown next to the fields they name. */
  errors?: PolicyIssue[];
  /** Prefix of the element ids (labels and helper texts are linked through them). */
  idPrefix?: string;
  /**
   * The Canary backend's gate URL for the target cluster (`<backend>/api/canary/gates/<cluster>`):
   * offered as a one-click choice next to the gate URL.
   */
  backendGatesUrl?: string;
};

const toNumber = (text: string): number | undefined =>
  text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text);

const parseWeights = (text: string): number[] =>
  text
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
    .map(Number);

/** The issues a field shows: those naming one of its paths. */
function issuesAt(issues: PolicyIssue[], paths: string[]): PolicyIssue[] {
  return issues.filter(i => paths.includes(i.path));
}

/**
 * A rollout policy form: workload and service, strategy preset (canary with step weights, A/B by
 * header or cookie, Blue/Green, mirroring), steps, interval, threshold, builtin and custom metrics,
 * load test webhook and gates. Issues passed in `errors` appear next to their fields.
 *
 * @public
 */
export function PolicyForm(props: PolicyFormProps) {
  const { value, onChange } = props;
  const id = (name: string) => `${props.idPrefix ?? 'canary-policy'}-${name}`;
  const issues = props.errors ?? [];
  const placed = new Set<PolicyIssue>();
  const [weightsText, setWeightsText] = useState(
    (value.traffic.stepWeights ?? []).join(', '),
  );
  // Steps as a list of weights or as one weight up to a max: kept while a field is being retyped.
  const [stepMode, setStepMode] = useState<'list' | 'fixed'>(
    value.traffic.stepWeight !== undefined ? 'fixed' : 'list',
  );
  const [commandsText, setCommandsText] = useState(
    (value.analysis.loadTest?.commands ?? []).join('\n'),
  );

  const fieldProps = (paths: string[]) => {
    const found = issuesAt(issues, paths);
    found.forEach(i => placed.add(i));
    const errors = found.filter(i => i.severity === 'error');
    const shown = errors.length ? errors : found;
    return {
      error: errors.length > 0,
      helperText: shown.length
        ? shown.map(i => i.message).join(' ')
        : undefined,
    };
  };
  const metricPaths = (i: number, field: string) => [
    `analysis.metrics[${i}].${field}`,
    ...(field === 'name' ? [`analysis.metrics[${i}]`] : []),
  ];

  const set = (patch: Partial<RolloutPolicy>) =>
    onChange({ ...value, ...patch });
  const setAnalysis = (patch: Partial<RolloutPolicy['analysis']>) =>
    set({ analysis: { ...value.analysis, ...patch } });
  const setMetric = (index: number, metric: PolicyMetric) =>
    setAnalysis({
      metrics: value.analysis.metrics.map((m, i) => (i === index ? metric : m)),
    });

  const preset = detectPreset(value.traffic);
  const applyPreset = (next: StrategyPreset) => {
    const traffic = presetTraffic(next);
    setStepMode('list');
    setWeightsText((traffic.stepWeights ?? []).join(', '));
    set({ traffic });
  };

  const toggleStepMode = () => {
    const { stepWeight, stepWeights, maxWeight, ...rest } = value.traffic;
    if (stepMode === 'list') {
      setStepMode('fixed');
      set({ traffic: { ...rest, stepWeight: 10, maxWeight: 50 } });
    } else {
      setStepMode('list');
      const weights = presetTraffic('canary').stepWeights ?? [];
      setWeightsText(weights.join(', '));
      set({ traffic: { ...rest, stepWeights: weights } });
    }
  };

  const strategyField = fieldProps(['traffic', 'traffic.mirror']);
  const matchField = fieldProps(['traffic.match']);
  const loadTest = value.analysis.loadTest;
  const gates = value.gates;

  const body = (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Typography variant="h6">Workload</Typography>
      </Grid>
      <Grid item xs={12} sm={4}>
        <TextField
          fullWidth
          id={id('workload-name')}
          label="Workload name"
          value={value.workload.name}
          onChange={e =>
            set({
              workload: { ...value.workload, name: e.target.value },
              service: { ...value.service, name: e.target.value },
            })
          }
          {...fieldProps(['workload.name', 'service.name'])}
        />
      </Grid>
      <Grid item xs={12} sm={4}>
        <TextField
          fullWidth
          id={id('namespace')}
          label="Namespace"
          value={value.workload.namespace}
          onChange={e =>
            set({ workload: { ...value.workload, namespace: e.target.value } })
          }
          {...fieldProps(['workload.namespace'])}
        />
      </Grid>
      <Grid item xs={12} sm={4}>
        <TextField
          fullWidth
          type="number"
          id={id('service-port')}
          label="Service port"
          value={value.service.port ?? ''}
          onChange={e =>
            set({
              service: {
                ...value.service,
                port: toNumber(e.target.value) as number,
              },
            })
          }
          {...fieldProps(['service.port'])}
        />
      </Grid>
      <Grid item xs={12} sm={4}>
        <TextField
          select
          fullWidth
          id={id('traffic-provider')}
          label="Traffic provider"
          value={value.provider}
          onChange={e =>
            set({ provider: e.target.value as RolloutPolicy['provider'] })
          }
          {...fieldProps(['provider'])}
        >
          {FLAGGER_PROVIDERS.map(p => (
            <MenuItem key={p} value={p}>
              {p}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      {value.provider === 'nginx' && (
        <>
          <Grid item xs={12} sm={4}>
            <TextField
              fullWidth
              id={id('host-kurator')}
              label="Host (Kurator)"
              value={value.service.host ?? ''}
              onChange={e =>
                set({
                  service: {
                    ...value.service,
                    host: e.target.value || undefined,
                  },
                })
              }
              {...fieldProps(['service.host'])}
            />
          </Grid>
          <Grid item xs={12} sm={4}>
            <TextField
              fullWidth
              id={id('ingress-name-native-canary')}
              label="Ingress name (native canary)"
              value={value.service.ingressName ?? ''}
              onChange={e =>
                set({
                  service: {
                    ...value.service,
                    ingressName: e.target.value || undefined,
                  },
                })
              }
              {...fieldProps(['service.ingressName'])}
            />
          </Grid>
        </>
      )}

      <Grid item xs={12}>
        <Typography variant="h6">Strategy</Typography>
      </Grid>
      <Grid item xs={12} sm={6}>
        <TextField
          select
          fullWidth
          id={id('strategy')}
          label="Strategy"
          value={preset}
          onChange={e => applyPreset(e.target.value as StrategyPreset)}
          {...strategyField}
        >
          {STRATEGY_PRESETS.map(p => (
            <MenuItem key={p.value} value={p.value}>
              {p.label}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      {value.traffic.iterations !== undefined && (
        <Grid item xs={12} sm={6}>
          <TextField
            fullWidth
            type="number"
            id={id('iterations')}
            label="Iterations"
            value={value.traffic.iterations ?? ''}
            onChange={e =>
              set({
                traffic: {
                  ...value.traffic,
                  iterations: toNumber(e.target.value),
                },
              })
            }
            {...fieldProps(['traffic.iterations'])}
          />
        </Grid>
      )}
      {value.traffic.iterations === undefined && stepMode === 'fixed' && (
        <>
          <Grid item xs={6} sm={3}>
            <TextField
              fullWidth
              type="number"
              id={id('step-weight')}
              label="Step weight (%)"
              value={value.traffic.stepWeight ?? ''}
              onChange={e =>
                set({
                  traffic: {
                    ...value.traffic,
                    stepWeight: toNumber(e.target.value) as number,
                  },
                })
              }
              {...fieldProps(['traffic.stepWeight'])}
            />
          </Grid>
          <Grid item xs={6} sm={3}>
            <TextField
              fullWidth
              type="number"
              id={id('max-weight')}
              label="Max weight (%)"
              value={value.traffic.maxWeight ?? ''}
              onChange={e =>
                set({
                  traffic: {
                    ...value.traffic,
                    maxWeight: toNumber(e.target.value),
                  },
                })
              }
              {...fieldProps(['traffic.maxWeight'])}
            />
          </Grid>
        </>
      )}
      {value.traffic.iterations === undefined && stepMode === 'list' && (
        <Grid item xs={12} sm={6}>
          <TextField
            fullWidth
            id={id('step-weights')}
            label="Step weights (%)"
            placeholder="5, 10, 25, 50"
            value={weightsText}
            onChange={e => {
              setWeightsText(e.target.value);
              set({
                traffic: {
                  ...value.traffic,
                  stepWeights: parseWeights(e.target.value),
                },
              });
            }}
            {...fieldProps([
              'traffic.stepWeights',
              'traffic.maxWeight',
              ...(value.traffic.stepWeights ?? []).map(
                (_, i) => `traffic.stepWeights[${i}]`,
              ),
            ])}
          />
        </Grid>
      )}
      {value.traffic.iterations === undefined && (
        <Grid item xs={12}>
          <Button size="small" onClick={toggleStepMode}>
            {stepMode === 'list'
              ? 'Use one step weight up to a max weight'
              : 'Use a list of step weights'}
          </Button>
        </Grid>
      )}
      {value.traffic.match && (
        <Grid item xs={12}>
          <TextField
            fullWidth
            id={id('match')}
            label={
              preset === 'ab-cookie' ? 'Cookie regex' : 'Header x-canary value'
            }
            value={
              preset === 'ab-cookie'
                ? value.traffic.match[0]?.headers?.cookie?.regex ?? ''
                : value.traffic.match[0]?.headers?.['x-canary']?.exact ?? ''
            }
            onChange={e =>
              set({
                traffic: {
                  ...value.traffic,
                  match: [
                    {
                      headers:
                        preset === 'ab-cookie'
                          ? { cookie: { regex: e.target.value } }
                          : { 'x-canary': { exact: e.target.value } },
                    },
                  ],
                },
              })
            }
            {...matchField}
          />
        </Grid>
      )}

      <Grid item xs={12}>
        <Typography variant="h6">Analysis</Typography>
      </Grid>
      <Grid item xs={12} sm={6}>
        <TextField
          fullWidth
          type="number"
          id={id('analysis-interval-seconds')}
          label="Analysis interval (seconds)"
          value={value.analysis.intervalSeconds ?? ''}
          onChange={e =>
            setAnalysis({
              intervalSeconds: toNumber(e.target.value) as number,
            })
          }
          {...fieldProps(['analysis.intervalSeconds'])}
        />
      </Grid>
      <Grid item xs={12} sm={6}>
        <TextField
          fullWidth
          type="number"
          id={id('failed-checks-before-rollback')}
          label="Failed checks before rollback"
          value={value.analysis.threshold ?? ''}
          onChange={e =>
            setAnalysis({ threshold: toNumber(e.target.value) as number })
          }
          {...fieldProps(['analysis.threshold'])}
        />
      </Grid>

      {value.analysis.metrics.map((metric, i) => (
        <Grid item xs={12} key={i}>
          <Box
            border={1}
            borderColor="divider"
            borderRadius={4}
            p={1}
            data-testid={`metric-${i}`}
          >
            <Grid container spacing={1}>
              <Grid item xs={12} sm={4}>
                <TextField
                  fullWidth
                  id={id(`metric-${i}-metric-name`)}
                  label="Metric name"
                  value={metric.name}
                  onChange={e =>
                    setMetric(i, { ...metric, name: e.target.value })
                  }
                  {...fieldProps(metricPaths(i, 'name'))}
                />
              </Grid>
              <Grid item xs={4} sm={2}>
                <TextField
                  fullWidth
                  type="number"
                  id={id(`metric-${i}-interval-s`)}
                  label="Interval (s)"
                  value={metric.intervalSeconds ?? ''}
                  onChange={e =>
                    setMetric(i, {
                      ...metric,
                      intervalSeconds: toNumber(e.target.value) as number,
                    })
                  }
                  {...fieldProps(metricPaths(i, 'intervalSeconds'))}
                />
              </Grid>
              {(['min', 'max'] as const).map(bound => (
                <Grid item xs={4} sm={2} key={bound}>
                  <TextField
                    fullWidth
                    type="number"
                    id={id(`metric-${i}-${bound}`)}
                    label={bound === 'min' ? 'Min' : 'Max'}
                    value={metric.thresholdRange?.[bound] ?? ''}
                    onChange={e =>
                      setMetric(i, {
                        ...metric,
                        thresholdRange: {
                          ...metric.thresholdRange,
                          [bound]: toNumber(e.target.value),
                        },
                      })
                    }
                    {...(bound === 'min'
                      ? fieldProps(metricPaths(i, 'thresholdRange'))
                      : {})}
                  />
                </Grid>
              ))}
              <Grid item xs={4} sm={2}>
                <Button
                  onClick={() =>
                    setAnalysis({
                      metrics: value.analysis.metrics.filter((_, j) => j !== i),
                    })
                  }
                >
                  Remove
                </Button>
              </Grid>
              {metric.custom && (
                <>
                  <Grid item xs={12} sm={3}>
                    <TextField
                      select
                      fullWidth
                      id={id(`metric-${i}-provider-type`)}
                      label="Metric provider"
                      value={metric.custom.provider.type}
                      onChange={e =>
                        setMetric(i, {
                          ...metric,
                          custom: {
                            ...metric.custom!,
                            provider: {
                              ...metric.custom!.provider,
                              type: e.target
                                .value as (typeof METRIC_PROVIDER_TYPES)[number],
                            },
                          },
                        })
                      }
                      {...fieldProps([
                        `analysis.metrics[${i}].custom.provider`,
                      ])}
                    >
                      {METRIC_PROVIDER_TYPES.map(t => (
                        <MenuItem key={t} value={t}>
                          {t}
                        </MenuItem>
                      ))}
                    </TextField>
                  </Grid>
                  <Grid item xs={12} sm={3}>
                    <TextField
                      fullWidth
                      id={id(`metric-${i}-provider-address`)}
                      label="Provider address"
                      value={metric.custom.provider.address ?? ''}
                      onChange={e =>
                        setMetric(i, {
                          ...metric,
                          custom: {
                            ...metric.custom!,
                            provider: {
                              ...metric.custom!.provider,
                              address: e.target.value || undefined,
                            },
                          },
                        })
                      }
                    />
                  </Grid>
                  <Grid item xs={12} sm={6}>
                    <TextField
                      fullWidth
                      multiline
                      id={id(`metric-${i}-query`)}
                      label="Query"
                      value={metric.custom.query}
                      onChange={e =>
                        setMetric(i, {
                          ...metric,
                          custom: { ...metric.custom!, query: e.target.value },
                        })
                      }
                      {...fieldProps([
                        ...metricPaths(i, 'custom'),
                        `analysis.metrics[${i}].custom.query`,
                      ])}
                    />
                  </Grid>
                </>
              )}
            </Grid>
          </Box>
        </Grid>
      ))}
      <Grid item xs={12}>
        <Button
          onClick={() =>
            setAnalysis({
              metrics: [
                ...value.analysis.metrics,
                {
                  name: 'request-success-rate',
                  intervalSeconds: value.analysis.intervalSeconds || 60,
                  thresholdRange: { min: 99 },
                },
              ],
            })
          }
        >
          Add builtin metric
        </Button>
        <Button
          onClick={() =>
            setAnalysis({
              metrics: [
                ...value.analysis.metrics,
                {
                  name: `custom-metric-${value.analysis.metrics.length + 1}`,
                  intervalSeconds: value.analysis.intervalSeconds || 60,
                  thresholdRange: { max: 1 },
                  custom: { provider: { type: 'prometheus' }, query: '' },
                },
              ],
            })
          }
        >
          Add custom metric
        </Button>
      </Grid>

      <Grid item xs={12}>
        <Typography variant="h6">Webhooks and gates</Typography>
      </Grid>
      <Grid item xs={12} sm={8}>
        <TextField
          fullWidth
          id={id('load-test-command')}
          multiline
          label="Load test command"
          placeholder="hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/"
          value={commandsText}
          onChange={e => {
            setCommandsText(e.target.value);
            const commands = e.target.value
              .split('\n')
              .map(c => c.trim())
              .filter(Boolean);
            setAnalysis({
              loadTest: commands.length
                ? { timeoutSeconds: 30, ...loadTest, commands }
                : undefined,
            });
          }}
          {...fieldProps([
            'analysis.loadTest',
            'analysis.loadTest.commands',
            ...(loadTest?.commands ?? []).map(
              (_, i) => `analysis.loadTest.commands[${i}]`,
            ),
          ])}
        />
      </Grid>
      <Grid item xs={6} sm={2}>
        <TextField
          fullWidth
          type="number"
          id={id('load-test-timeout')}
          label="Timeout (s)"
          value={loadTest?.timeoutSeconds ?? ''}
          disabled={!loadTest}
          onChange={e =>
            loadTest &&
            setAnalysis({
              loadTest: {
                ...loadTest,
                timeoutSeconds: toNumber(e.target.value) as number,
              },
            })
          }
          {...fieldProps(['analysis.loadTest.timeoutSeconds'])}
        />
      </Grid>
      <Grid item xs={6} sm={2}>
        <TextField
          fullWidth
          id={id('loadtester-url')}
          label="Loadtester URL"
          value={loadTest?.url ?? ''}
          disabled={!loadTest}
          onChange={e =>
            loadTest &&
            setAnalysis({
              loadTest: { ...loadTest, url: e.target.value || undefined },
            })
          }
          {...fieldProps(['analysis.loadTest.url'])}
        />
      </Grid>
      <Grid item xs={12} sm={4}>
        <TextField
          fullWidth
          id={id('gate-url')}
          label="Gate URL"
          value={gates?.url ?? ''}
          onChange={e =>
            set({
              gates: e.target.value
                ? { ...gates, url: e.target.value }
                : undefined,
            })
          }
          {...fieldProps(['gates', 'gates.url'])}
        />
        {props.backendGatesUrl && gates?.url !== props.backendGatesUrl && (
          <Button
            size="small"
            onClick={() =>
              set({
                gates: {
                  confirmPromotion: true,
                  rollback: true,
                  ...gates,
                  url: props.backendGatesUrl!,
                },
              })
            }
          >
            Use the Canary backend's gates
          </Button>
        )}
      </Grid>
      {gates && (
        <Grid item xs={12} sm={4}>
          <TextField
            fullWidth
            id={id('gate-token')}
            label="Gate token (Canary backend gates)"
            value={gates.token ?? ''}
            onChange={e =>
              set({ gates: { ...gates, token: e.target.value || undefined } })
            }
            {...fieldProps(['gates.token'])}
          />
        </Grid>
      )}
      <Grid item xs={12} sm={8}>
        {(
          [
            ['confirmRollout', 'Confirm rollout'],
            ['confirmTrafficIncrease', 'Confirm traffic increase'],
            ['confirmPromotion', 'Confirm promotion'],
            ['rollback', 'Rollback gate'],
          ] as const
        ).map(([key, label]) => (
          <FormControlLabel
            key={key}
            label={label}
            control={
              <Checkbox
                checked={Boolean(gates?.[key])}
                disabled={!gates}
                onChange={e =>
                  gates && set({ gates: { ...gates, [key]: e.target.checked } })
                }
              />
            }
          />
        ))}
      </Grid>
    </Grid>
  );

  const unplaced = issues.filter(i => !placed.has(i));
  return (
    <>
      {unplaced.length > 0 && (
        <WarningPanel
          severity={
            unplaced.some(i => i.severity === 'error') ? 'error' : 'warning'
          }
          title="Rollout policy"
        >
          {unplaced.map(i => (
            <Typography key={`${i.path}:${i.message}`} variant="body2">
              {i.message}
            </Typography>
          ))}
        </WarningPanel>
      )}
      {body}
    </>
  );
}
