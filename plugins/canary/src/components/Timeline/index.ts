export { EventList } from './EventList';
export type { EventListProps } from './EventList';
export { RunPicker, runLabel } from './RunPicker';
export type { RunPickerProps } from './RunPicker';
export { TimelinePanel } from './TimelinePanel';
export type { TimelinePanelProps } from './TimelinePanel';
export { WeightChart } from './WeightChart';
export type { WeightChartProps } from './WeightChart';
export { describeTimelineItem, plainText } from './describeTimelineItem';
export type {
  TimelineItemText,
  TimelineText,
  TimelineTone,
} from './describeTimelineItem';
export { IsolatedText } from './IsolatedText';
export type { IsolatedTextProps } from './IsolatedText';
