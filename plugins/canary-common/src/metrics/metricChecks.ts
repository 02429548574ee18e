// The health of metrics and their analysis intervals, exported together.
export {
  crossedBound,
  outOfRangeSamples,
  latestOutOfRange,
  type OutOfRangeSample,
} from './thresholdCrossing';
export {
  metricHealth,
  NO_DATA_RECENT_INTERVALS,
  type MetricHealth,
  type MetricHealthState,
} from './metricHealth';
export {
  metricMeasurements,
  type MeasurementVerdict,
  type MetricMeasurement,
} from './measurements';
