// Flagger renders a metric query for the canary with {{ target }} and {{ service }} set to the
// workload and for the primary (as the charts do) with `<name>-primary`: the only variables that
// differ (toPrimaryModel). A query without either reads the same series for both.
const WORKLOAD_VARIABLE = /\{\{-?\s*\.?(target|service)\s*-?\}\}/;

/** Whether a Flagger metric query reads different data for the canary and the primary. */
export function queryTellsCanaryFromPrimary(query: string): boolean {
  return WORKLOAD_VARIABLE.test(query);
}

/**
 * The warning for a metric query that does not name the workload: the check (and the chart's
 * canary and primary series) cannot tell the new version from the old one.
 */
export function sameQueryWarning(what: string): string {
  return `${what} reads the same data for the canary and the primary: it has no {{ target }} (or {{ service }}), so the check cannot tell the new version from the old one and the chart shows two identical series. Select the workload, e.g. pod=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)" with namespace="{{ namespace }}".`;
}
