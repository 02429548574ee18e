import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  alertApiRef,
  discoveryApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import {
  CANARY_PLUGIN_ID,
  canaryPolicyCreatePermission,
  hasPolicyErrors,
  type EntityPoliciesResponse,
  type PolicyRequest,
  validateRolloutPolicy,
  type PolicyTarget,
  type RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import { useCanaryApi } from '../../api';
import { PolicyForm } from '../PolicyForm';
import { ApplyPolicyButton } from './ApplyPolicyButton';
import { ApplyPolicyDialog } from './ApplyPolicyDialog';
import { ClusterChangesView } from './ClusterChangesView';
import { ClusterPreview } from './ClusterPreview';
import { ClusterErrors } from './ClusterErrors';
import {
  describePolicySource,
  kuratorPlacement,
  sourceClusters,
} from './describeSource';
import { EditorToolbar } from './EditorToolbar';
import { IssueList } from './IssueList';
import { policyFileName, renderPolicyYaml } from './policyYaml';
import { startFrom, startingPoints } from './startingPoints';
import { usePolicyCall } from './usePolicyCall';
import { YamlPanel } from './YamlPanel';

/** Props of {@link PolicyEditor}. */
export type PolicyEditorProps = {
  entityRef: string;
  /** Called with true while the policy has edits that are not applied, false once it has none. */
  onDirtyChange?: (dirty: boolean) => void;
};

type Panel = 'yaml' | 'clusters' | 'changes';

/**
 * The rollout policy editor of an entity: loads its current policies, then edits one (or a preset,
 * or a blank policy) with live validation and YAML, and previews, dry-runs and applies it.
 */
export const PolicyEditor = ({
  entityRef,
  onDirtyChange,
}: PolicyEditorProps) => {
  const api = useCanaryApi();
  const current = useAsync(() => api.getPolicies(entityRef), [api, entityRef]);
  if (current.loading) return <Progress />;
  return (
    <PolicyEditorBody
      entityRef={entityRef}
      current={current.value ?? { entityRef, items: [], errors: [] }}
      loadError={current.error?.message}
      onDirtyChange={onDirtyChange}
    />
  );
};

function PolicyEditorBody(props: {
  entityRef: string;
  current: EntityPoliciesResponse;
  loadError?: string;
  onDirtyChange?: (dirty: boolean) => void;
}) {
  const { entityRef, current, onDirtyChange } = props;
  const api = useCanaryApi();
  const alertApi = useApi(alertApiRef);
  const points = useMemo(() => startingPoints(current.items), [current.items]);
  const [start, setStart] = useState(points[0].id);
  const initial = useMemo(
    () => startFrom(points[0].id, current.items, 'kurator'),
    [points, current.items],
  );
  const [policy, setPolicy] = useState<RolloutPolicy>(initial.policy);
  const [target, setTarget] = useState<PolicyTarget>(initial.target);
  const [source, setSource] = useState(initial.source);
  // A new starting point remounts the form, so its own text state starts afresh too.
  const [formKey, setFormKey] = useState(0);
  const [panel, setPanel] = useState<Panel>('yaml');
  const [confirming, setConfirming] = useState(false);

  // What the policy was when chosen (or last applied): anything else is an unsaved edit.
  const [baseline, setBaseline] = useState(() =>
    JSON.stringify({ target: initial.target, policy: initial.policy }),
  );

  const chooseStart = (id: string) => {
    const next = startFrom(id, current.items, target);
    setBaseline(JSON.stringify({ target: next.target, policy: next.policy }));
    setStart(id);
    setPolicy(next.policy);
    setTarget(next.target);
    setSource(next.source);
    setFormKey(k => k + 1);
  };

  const discoveryApi = useApi(discoveryApiRef);
  const canaryBase = useAsync(
    () => discoveryApi.getBaseUrl(CANARY_PLUGIN_ID),
    [discoveryApi],
  ).value;
  const gateCluster = sourceClusters(source)[0];
  const backendGatesUrl =
    target === 'flagger' && canaryBase && gateCluster
      ? `${canaryBase}/gates/${encodeURIComponent(gateCluster)}`
      : undefined;

  const issues = useMemo(
    () => validateRolloutPolicy(policy, target),
    [policy, target],
  );
  const invalid = hasPolicyErrors(issues);
  const errorCount = issues.filter(i => i.severity === 'error').length;
  const rendered = useMemo(() => {
    try {
      return {
        yaml: renderPolicyYaml(policy, target, kuratorPlacement(source)),
      };
    } catch (e) {
      return { yaml: '', error: (e as Error).message };
    }
  }, [policy, target, source]);

  const snapshot = useMemo(
    () => JSON.stringify({ target, policy }),
    [policy, target],
  );
  const dirty = snapshot !== baseline;
  useEffect(() => {
    onDirtyChange?.(dirty);
  }, [dirty, onDirtyChange]);
  const body = useMemo<PolicyRequest>(
    () => ({
      target,
      policy,
      policyIndex:
        target === 'kurator' && source?.source.target === 'kurator'
          ? source.source.policyIndex
          : undefined,
    }),
    [policy, target, source],
  );
  const [preview, runPreview] = usePolicyCall(
    useCallback(
      () => api.previewPolicy(entityRef, body),
      [api, entityRef, body],
    ),
    snapshot,
  );
  const [dryRun, runDryRun] = usePolicyCall(
    useCallback(
      () => api.dryRunPolicy(entityRef, body),
      [api, entityRef, body],
    ),
    snapshot,
  );
  const [applied, runApply] = usePolicyCall(
    useCallback(
      (reason: string) => api.applyPolicy(entityRef, { ...body, reason }),
      [api, entityRef, body],
    ),
    snapshot,
  );

  // Previews and dry runs send the policy to the clusters (as dry runs): like apply, they need
  // canary.policy.create on the entity.
  const { allowed: mayCreate, loading: permissionLoading } = usePermission({
    permission: canaryPolicyCreatePermission,
    resourceRef: entityRef,
  });
  const clustersDenied =
    !permissionLoading && !mayCreate
      ? `Previews and dry runs send the policy to the clusters: they need the ${canaryPolicyCreatePermission.name} permission.`
      : undefined;

  // The per-cluster preview follows the policy while its panel is open.
  useDebounce(
    () => {
      if (
        panel === 'clusters' &&
        !invalid &&
        mayCreate &&
        preview.snapshot !== snapshot
      )
        runPreview();
    },
    500,
    [panel, snapshot, invalid, mayCreate],
  );

  const application = kuratorPlacement(source).application;
  let destination = `Canary ${policy.workload.namespace}/${policy.workload.name}`;
  if (target === 'kurator') {
    destination = application
      ? `the rollout policy of Kurator Application ${application}`
      : 'a Kurator Application rollout policy';
  }
  const blockedBy = invalid
    ? `Fix the ${errorCount} error${
        errorCount === 1 ? '' : 's'
      } in the policy first.`
    : undefined;

  const apply = async (reason: string) => {
    const result = await runApply(reason);
    setConfirming(false);
    setPanel('changes');
    if (result) {
      setBaseline(snapshot);
      alertApi.post({
        message: `Rollout policy applied to ${destination}`,
        severity: 'success',
        display: 'transient',
      });
    }
  };

  const changes =
    applied.snapshot === snapshot && applied.value ? applied : dryRun;
  const changesTitle = changes === applied ? 'Applied' : 'Dry run';
  const stale = (s?: string) => s !== undefined && s !== snapshot;

  return (
    <Box>
      {props.loadError && (
        <Alert severity="warning">
          Could not read the current policy: {props.loadError}
        </Alert>
      )}
      <ClusterErrors errors={current.errors} />
      <EditorToolbar
        points={points}
        start={start}
        onStart={chooseStart}
        target={target}
        onTarget={setTarget}
      />
      {source && (
        <Box mt={1} mb={2}>
          <Typography variant="body2" color="textSecondary">
            Editing {describePolicySource(source)}
          </Typography>
          <IssueList issues={source.warnings} />
        </Box>
      )}
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <PolicyForm
            key={formKey}
            idPrefix="canary-policy-editor"
            value={policy}
            onChange={setPolicy}
            errors={issues}
            backendGatesUrl={backendGatesUrl}
          />
        </Grid>
        <Grid item xs={12} md={6}>
          <Tabs
            value={panel}
            onChange={(_, v) => setPanel(v)}
            indicatorColor="primary"
          >
            <Tab value="yaml" label="YAML" />
            <Tab value="clusters" label="Per-cluster preview" />
            <Tab value="changes" label="Dry run" />
          </Tabs>
          <Box
            mt={2}
            display="flex"
            flexWrap="wrap"
            alignItems="center"
            style={{ gap: 8 }}
          >
            <Button
              variant="outlined"
              color="primary"
              disabled={invalid || dryRun.loading || !mayCreate}
              title={clustersDenied}
              onClick={() => {
                setPanel('changes');
                runDryRun();
              }}
            >
              Dry run on clusters
            </Button>
            <ApplyPolicyButton
              entityRef={entityRef}
              blockedBy={blockedBy}
              onClick={() => setConfirming(true)}
            />
            {blockedBy && (
              <Typography variant="body2" color="error">
                {blockedBy}
              </Typography>
            )}
          </Box>
          <Box mt={2}>
            {panel === 'yaml' && (
              <YamlPanel
                yaml={rendered.yaml}
                renderError={rendered.error}
                fileName={policyFileName(policy, target)}
              />
            )}
            {panel !== 'yaml' && clustersDenied && (
              <Typography variant="body2">{clustersDenied}</Typography>
            )}
            {panel === 'clusters' && (
              <>
                {invalid && (
                  <Typography variant="body2">
                    The clusters preview follows once the policy has no errors.
                  </Typography>
                )}
                {preview.loading && <Progress />}
                {stale(preview.snapshot) && !preview.loading && (
                  <Typography variant="caption">
                    Preview of an earlier version of the policy.
                  </Typography>
                )}
                {preview.error && (
                  <>
                    <Alert severity="error">{preview.error.message}</Alert>
                    <IssueList issues={preview.error.issues} />
                  </>
                )}
                {preview.value && <ClusterPreview result={preview.value} />}
              </>
            )}
            {panel === 'changes' && (
              <>
                {!changes.value && !changes.error && !changes.loading && (
                  <Typography variant="body2">
                    Run a dry run to see what changes on each target cluster.
                  </Typography>
                )}
                {changes.loading && <Progress />}
                {stale(changes.snapshot) && !changes.loading && (
                  <Alert severity="info">
                    The policy changed since this {changesTitle.toLowerCase()}:
                    run the dry run again.
                  </Alert>
                )}
                {changes.error && (
                  <>
                    <Alert severity="error">{changes.error.message}</Alert>
                    <IssueList issues={changes.error.issues} />
                  </>
                )}
                {changes.value && (
                  <>
                    <IssueList issues={changes.value.issues} />
                    <ClusterErrors errors={changes.value.errors} />
                    <ClusterChangesView
                      clusters={changes.value.clusters}
                      title={changesTitle}
                      applied={changes === applied}
                    />
                  </>
                )}
              </>
            )}
          </Box>
        </Grid>
      </Grid>
      {confirming && (
        <ApplyPolicyDialog
          open
          target={target}
          destination={destination}
          clusters={
            dryRun.value?.clusters.map(c => c.cluster) ?? sourceClusters(source)
          }
          busy={applied.loading}
          onCancel={() => setConfirming(false)}
          onConfirm={apply}
        />
      )}
    </Box>
  );
}
