/**
 * Kubernetes label selectors (`app=web,tier!=db,env in (prod,staging),!legacy`), matched against an
 * object's labels as the API server matches them for `?labelSelector=`. A selector this parser does
 * not understand yields `undefined`, and the caller asks the cluster instead of guessing.
 */
export type LabelMatcher = (
  labels: Record<string, string> | undefined,
) => boolean;

type Requirement = (labels: Record<string, string>) => boolean;

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const VALUE = String.raw`[-A-Za-z0-9_.]*`;
const EQUALS = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s+\\(([^)]*)\\)$`);
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);

export function parseLabelSelector(selector: string): LabelMatcher | undefined {
  const requirements: Requirement[] = [];
  for (const term of splitTerms(selector)) {
    const requirement = parseRequirement(term);
    if (!requirement) return undefined;
    requirements.push(requirement);
  }
  return labels => requirements.every(matches => matches(labels ?? {}));
}

/** Splits on the commas outside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const char = selector[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms.map(term => term.trim()).filter(Boolean);
}

function parseRequirement(term: string): Requirement | undefined {
  const equals = EQUALS.exec(term);
  if (equals) {
    const [, key, operator, value] = equals;
    return operator === '!='
      ? labels => labels[key] !== value
      : labels => labels[key] === value;
  }
  const set = SET.exec(term);
  if (set) {
    const [, key, operator, list] = set;
    const values = new Set(list.split(',').map(value => value.trim()));
    return operator === 'in'
      ? labels => key in labels && values.has(labels[key])
      : labels => !(key in labels && values.has(labels[key]));
  }
  const exists = EXISTS.exec(term);
  if (exists) {
    const [, not, key] = exists;
    return not ? labels => !(key in labels) : labels => key in labels;
  }
  return undefined;
}
