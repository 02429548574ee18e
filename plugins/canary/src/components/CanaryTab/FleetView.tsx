import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  isRunPhase,
  type CanaryRef,
  type RolloutRun,
  type RolloutSummary,
} from '@backstage-canary/plugin-canary-common';
import {
  POLL_INTERVAL_MS,
  SIGNALS_POLL_INTERVAL_MS,
  useEntityRollouts,
  usePolling,
  useRolloutSignals,
} from '../../hooks';
import { FleetSummary, RolloutLane } from '../FleetOverview';
import { ActionButtons, policyKeyOf } from '../Actions';
import { PolicyLanesHeader } from './PolicyLanesHeader';
import { RevisionsPanel } from '../Revisions';
import { TimelinePanel } from '../Timeline';
import { MetricsPanel } from '../Metrics';
import { RolloutYamlButton } from '../RolloutYaml';
import { EntityReadOnlyBanner } from '../Actions/EntityReadOnlyBanner';

/*
 * The selected lane's panels (timeline and weight chart, revisions, metric charts) re-render only
 * when their own props change: the lanes re-render on every read, signal and clock tick, and
 * drawing the charts again each time kept the page busy enough to delay the next change's lane.
 */
const TimelinePanelMemo = memo(TimelinePanel);
const RevisionsPanelMemo = memo(RevisionsPanel);
const MetricsPanelMemo = memo(MetricsPanel);

/** How long after a lane's last transition the tab keeps polling at the running pace. */
const RECENT_CHANGE_MS = 60_000;

const laneKey = (r: CanaryRef) => `${r.cluster}/${r.namespace}/${r.name}`;

/** Props of {@link FleetView}. */
export type FleetViewProps = {
  entityRef: string;
  /** The polling interval without signals; with them it slows to {@link SIGNALS_POLL_INTERVAL_MS}. */
  pollIntervalMs?: number;
};

/** How soon the history is read again while the recorder has not stored the lane's run yet. */
const HISTORY_CATCH_UP_MS = 3_000;
/** How many times, at most, before the tab waits for the next change of the lane. */
const HISTORY_CATCH_UP_TRIES = 40;

/** The entity's rollouts across the fleet: summary, one lane per cluster, the selected lane's timeline. */
export const FleetView = ({
  entityRef,
  pollIntervalMs = POLL_INTERVAL_MS,
}: FleetViewProps) => {
  const { value, loading, refreshing, error, retry } =
    useEntityRollouts(entityRef);
  const [selectedKey, setSelectedKey] = useState<string>();
  const [refreshKey, setRefreshKey] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  // The run the timeline shows, per lane: the metrics' default range.
  const [shownRun, setShownRun] = useState<{
    key: string;
    run?: RolloutRun;
    picked?: boolean;
  }>();

  const refresh = useCallback(() => {
    retry();
    setRefreshKey(k => k + 1);
  }, [retry]);

  useEffect(() => {
    if (value) setNow(Date.now());
  }, [value]);

  const items = useMemo(() => value?.items ?? [], [value]);
  // An unbound rollout is the cluster side's to claim: it has no timeline or metrics to show here.
  const readable = items.filter(
    r => r.found && !r.error && r.binding?.bound !== false,
  );
  const selected =
    readable.find(r => laneKey(r) === selectedKey) ?? readable[0];
  const selectedLane = selected ? laneKey(selected) : undefined;
  // One object per selected canary (not one per render), for the memoized panels.
  const selectedCanary = useMemo<CanaryRef | undefined>(
    () =>
      selected
        ? {
            cluster: selected.cluster,
            namespace: selected.namespace,
            name: selected.name,
          }
        : undefined,
    // A new answer's lane is the same canary when its key is.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [selectedLane],
  );
  const policyKey = selected ? policyKeyOf(selected) : undefined;
  const policyLanes = useMemo(
    () =>
      items.filter(
        r => policyKey !== undefined && policyKeyOf(r) === policyKey,
      ),
    [items, policyKey],
  );

  // A signal about one of these canaries refreshes the lanes, and the selected lane's timeline,
  // revisions and metrics when it names that lane and its history changed (a change of the canary
  // object alone shows in the lanes; the recorder signals again when it stores a transition of it).
  // Reading them all on every signal kept the backend and the page busy with answers nobody
  // waited for, and the lane the user waits for came later. Polling stays as the fallback, slower
  // while signals arrive.
  const { live } = useRolloutSignals(items, (changed, change) => {
    retry();
    if (change !== 'state' && laneKey(changed) === selectedLane) {
      setRefreshKey(k => k + 1);
    }
  });
  // A signal lost while the websocket reconnects would leave a running rollout stale: during a
  // run the tab keeps polling at its usual pace.
  // A run that just ended keeps that pace for a minute more, while the recorded history (the
  // timeline reads the store, not the cluster) catches up with the end of the run.
  const running = items.some(
    r =>
      // A run in progress: the lanes change every step. Initializing is no run (Flagger creates
      // the primary and rolls nothing out), as the lane says; its one change is a recent one.
      isRunPhase(r.state?.phase) ||
      (r.lastTransitionTime !== undefined &&
        now - Date.parse(r.lastTransitionTime) < RECENT_CHANGE_MS),
  );
  usePolling(
    refresh,
    live && !running
      ? Math.max(pollIntervalMs, SIGNALS_POLL_INTERVAL_MS)
      : pollIntervalMs,
  );
  // The selected lane's timeline and metrics follow its state: whenever the lane shows another
  // phase, weight or transition (from a signal, a poll or an action), they reload too.
  const selectedStamp = selected
    ? [
        selected.state?.phase,
        JSON.stringify(selected.state?.weight ?? null),
        selected.lastTransitionTime,
        selected.revision?.lastAppliedSpec,
      ].join('|')
    : undefined;
  // Only a change of the lane already shown: the first answer, or another lane, the panels read
  // on their own (bumping the key then read the runs and metrics twice on every load).
  const shownStamp = useRef<{ lane?: string; stamp?: string }>({});
  useEffect(() => {
    const previous = shownStamp.current;
    shownStamp.current = { lane: selectedLane, stamp: selectedStamp };
    if (
      selectedStamp &&
      previous.stamp &&
      previous.lane === selectedLane &&
      previous.stamp !== selectedStamp
    ) {
      setRefreshKey(k => k + 1);
    }
  }, [selectedLane, selectedStamp]);

  // The history comes from the recorder's store, which may not hold the lane's current run yet
  // when the lane (read live) already shows it: until it does, the runs and timeline are read
  // again every few seconds, so the tab never leaves an earlier run on show as the current one.
  const laneRevision = selected?.revision?.lastAppliedSpec;
  const shownRevision =
    shownRun && shownRun.key === selectedLane ? shownRun.run?.revision : null;
  const historyBehind =
    laneRevision !== undefined &&
    shownRevision !== null &&
    !shownRun?.picked &&
    shownRevision !== laneRevision;
  const catchUps = useRef(0);
  useEffect(() => {
    if (!historyBehind) {
      catchUps.current = 0;
      return undefined;
    }
    // A revision the recorder never makes a run of (it stays behind for good) stops the reads.
    if (catchUps.current >= HISTORY_CATCH_UP_TRIES) return undefined;
    const timer = setTimeout(() => {
      catchUps.current += 1;
      setRefreshKey(k => k + 1);
    }, HISTORY_CATCH_UP_MS);
    return () => clearTimeout(timer);
  }, [historyBehind, refreshKey]);

  const onRunChange = useCallback(
    (run: RolloutRun | undefined, picked: boolean) =>
      setShownRun(
        selectedLane ? { key: selectedLane, run, picked } : undefined,
      ),
    [selectedLane],
  );

  // Clusters that share a Kurator sync policy: an action on one changes them all.
  const policyClusters = (rollout: RolloutSummary) =>
    rollout.kurator
      ? items
          .filter(
            r =>
              r.kurator?.hostCluster === rollout.kurator?.hostCluster &&
              r.kurator?.application.namespace ===
                rollout.kurator?.application.namespace &&
              r.kurator?.application.name ===
                rollout.kurator?.application.name &&
              r.kurator?.policyIndex === rollout.kurator?.policyIndex,
          )
          .map(r => r.cluster)
      : [rollout.cluster];

  if (loading) return <Progress />;
  if (error && !value) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="flex-start">
          <Box flexGrow={1}>
            <FleetSummary summary={value.summary} errors={value.errors} />
          </Box>
          <Typography
            variant="caption"
            color="textSecondary"
            aria-live="polite"
          >
            {refreshing
              ? 'Refreshing…'
              : `${live ? 'Live · ' : ''}Updated ${new Date(
                  now,
                ).toLocaleTimeString()}`}
          </Typography>
          <Tooltip title="Refresh now">
            <IconButton aria-label="Refresh" onClick={refresh} size="small">
              <RefreshIcon />
            </IconButton>
          </Tooltip>
        </Box>
        {error && (
          <Typography color="error" variant="body2">
            Refresh failed: {error.message}; showing the last answer.
          </Typography>
        )}
        {items.some(r => r.actions?.length) && (
          <EntityReadOnlyBanner entityRef={entityRef} />
        )}
      </Grid>
      {!items.length && (
        <Grid item xs={12}>
          <Typography variant="body1">
            No canaries found for this entity on any cluster.
          </Typography>
        </Grid>
      )}
      {items.map(rollout => (
        <Grid item xs={12} key={laneKey(rollout)}>
          <PolicyLanesHeader
            items={items}
            rollout={rollout}
            entityRef={entityRef}
            onDone={refresh}
          />
          <RolloutLane
            rollout={rollout}
            now={now}
            freshness={value.freshness?.find(
              f => f.cluster === rollout.cluster,
            )}
            selected={
              selected !== undefined && laneKey(selected) === laneKey(rollout)
            }
            onSelect={() => setSelectedKey(laneKey(rollout))}
            tools={
              rollout.found && !rollout.error ? (
                <RolloutYamlButton
                  entityRef={entityRef}
                  canary={{
                    cluster: rollout.cluster,
                    namespace: rollout.namespace,
                    name: rollout.name,
                  }}
                />
              ) : undefined
            }
            actions={
              // A Kurator policy's actions sit on its one action bar above its lanes.
              rollout.found && !rollout.error && !rollout.kurator ? (
                <ActionButtons
                  entityRef={entityRef}
                  rollout={rollout}
                  policyClusters={policyClusters(rollout)}
                  onDone={refresh}
                />
              ) : undefined
            }
          />
        </Grid>
      ))}
      {selected && selectedCanary && (
        <Grid item xs={12}>
          <TimelinePanelMemo
            entityRef={entityRef}
            canary={selectedCanary}
            refreshKey={refreshKey}
            onRunChange={onRunChange}
          />
        </Grid>
      )}
      {selected && (
        <Grid item xs={12}>
          <RevisionsPanelMemo
            entityRef={entityRef}
            rollout={selected}
            policyLanes={policyLanes}
            refreshKey={refreshKey}
            onDone={refresh}
          />
        </Grid>
      )}
      {/* The metrics wait for the timeline's run: their default range is that run's, and reading
          the last hour first would draw, then replace, every chart. */}
      {selected &&
        selectedCanary &&
        shownRun &&
        shownRun.key === selectedLane && (
          <Grid item xs={12}>
            <MetricsPanelMemo
              entityRef={entityRef}
              canary={selectedCanary}
              run={shownRun.run}
              refreshKey={refreshKey}
            />
          </Grid>
        )}
    </Grid>
  );
};
