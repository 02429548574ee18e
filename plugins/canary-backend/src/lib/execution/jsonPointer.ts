/** Reads the value at an RFC 6901 JSON pointer, or undefined when the path does not exist. */
export function valueAt(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Whether applying the add/replace operations would leave the document as it is. */
export function patchIsNoop(
  document: unknown,
  operations: Array<{ op: string; path: string; value?: unknown }>,
): boolean {
  return operations.every(
    operation =>
      (operation.op === 'add' || operation.op === 'replace') &&
      JSON.stringify(valueAt(document, operation.path)) ===
        JSON.stringify(operation.value),
  );
}
