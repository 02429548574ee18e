import Alert from '@material-ui/lab/Alert';
import type { PolicyIssue } from '@backstage-canary/plugin-canary-common';

const rank = (issue: PolicyIssue) => (issue.severity === 'error' ? 0 : 1);

/** Props of {@link IssueList}. */
export type IssueListProps = { issues: PolicyIssue[] };

/** Policy issues as alerts, errors first. */
export const IssueList = ({ issues }: IssueListProps) => (
  <>
    {[...issues]
      .sort((a, b) => rank(a) - rank(b))
      .map(issue => (
        <Alert
          key={`${issue.path}:${issue.message}`}
          severity={issue.severity === 'error' ? 'error' : 'warning'}
        >
          {issue.message}
        </Alert>
      ))}
  </>
);
